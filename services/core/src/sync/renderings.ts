import { type ClusterAddresses, clusterAddresses } from "@trellis/compiler/cluster-addresses";
import { compileMeshConfig, forCluster, type MeshConfig } from "@trellis/compiler/compile";
import type { CompileInput } from "@trellis/compiler/inputs";
import { compileMeshConfigV2, forClusterV2, type MeshConfigV2 } from "@trellis/compiler/v2/compile";
import { type ConfigSnapshot, snapshotSchemaId } from "@trellis/protocol/snapshot";
import { snapshotV2SchemaId } from "@trellis/protocol/snapshot/v2";
import { SharedJson } from "./shared-json.ts";

/** One snapshot as the bytes a tunnel message carries. */
export interface EncodedSnapshot {
  schema: string;
  payload: Buffer;
}

/**
 * How a v1 snapshot becomes bytes, when not as JSON (tests send what a connector must
 * refuse, e.g. a schema id from a newer control plane).
 */
export type SnapshotEncoder = (snapshot: ConfigSnapshot) => EncodedSnapshot;

export const encodeSnapshotJson: SnapshotEncoder = (snapshot) => ({
  schema: snapshotSchemaId,
  payload: Buffer.from(JSON.stringify(snapshot)),
});

/**
 * The renderings of one mesh version: each schema is compiled at most once (and only when
 * a stream asks for it), each (schema, cluster) encoded at most once, so the streams of
 * one cluster — and a v2 stream's v1 alternate and an old connector's v1 — share bytes.
 * The clusters' snapshots share all but a few objects, and each shared object is
 * stringified once for all of them (shared-json.ts).
 */
export class Renderings {
  private v1: MeshConfig | undefined;
  private v2: MeshConfigV2 | undefined;
  private addresses: ClusterAddresses | undefined;
  private readonly encoded = new Map<string, EncodedSnapshot>();
  private readonly json = new SharedJson();

  constructor(
    private readonly input: CompileInput,
    /** Replaces the v1 encoding (tests); by default v1 is JSON like v2. */
    private readonly encodeV1?: SnapshotEncoder,
  ) {}

  /** `schema` is one of `producedSchemas`. */
  get(schema: string, cluster: string): EncodedSnapshot {
    const key = `${schema}\u0000${cluster}`;
    let out = this.encoded.get(key);
    if (!out) {
      out = this.encode(schema, cluster);
      this.encoded.set(key, out);
    }
    return out;
  }

  private encode(schema: string, cluster: string): EncodedSnapshot {
    this.addresses ??= clusterAddresses(this.input.services);
    if (schema === snapshotV2SchemaId) {
      this.v2 ??= compileMeshConfigV2(this.input);
      const snapshot = forClusterV2(this.v2, cluster, this.addresses);
      return { schema, payload: Buffer.from(this.json.stringify(snapshot)) };
    }
    if (schema !== snapshotSchemaId) throw new Error(`no rendering for snapshot schema ${schema}`);
    this.v1 ??= compileMeshConfig(this.input);
    const snapshot = forCluster(this.v1, cluster, this.addresses);
    if (this.encodeV1) return this.encodeV1(snapshot);
    return { schema, payload: Buffer.from(this.json.stringify(snapshot)) };
  }
}
