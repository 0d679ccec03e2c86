import { compileMeshConfig, forCluster } from "@trellis/compiler/compile";
import { type ConfigSnapshot, snapshotSchemaId } from "@trellis/protocol/snapshot";
import type { Context } from "../context.ts";
import { loadCompileInput } from "./load-inputs.ts";

/** A connector stream as a push sees it: the cluster it serves and whether it wants a version. */
export interface PushStream {
  readonly cluster: { name: string };
  /** False when the stream holds `version`, refused it, or has it in flight. */
  wants(version: number): boolean;
}

/**
 * How a snapshot becomes the bytes on the wire. Tests replace it to send what a connector
 * must refuse (e.g. a schema id from a newer control plane).
 */
export type SnapshotEncoder = (snapshot: ConfigSnapshot) => { schema: string; payload: Buffer };

export const encodeSnapshotJson: SnapshotEncoder = (snapshot) => ({
  schema: snapshotSchemaId,
  payload: Buffer.from(JSON.stringify(snapshot)),
});

/** What to write on which stream for one config version of a mesh. */
export interface PushPlan<S> {
  version: number;
  targets: { stream: S; schema: string; payload: Buffer }[];
  /** Time spent reading the mesh (for the push log). */
  loadMs: number;
}

/**
 * Load → compile → targets for one mesh: reads it in one repeatable-read transaction (so
 * the version and the content it stamps belong together), compiles once, and stamps a
 * snapshot for each stream that wants that version. Null when the mesh is gone or no
 * stream wants it; writing the bytes is the transport's job.
 */
export async function planPush<S extends PushStream>(
  ctx: Context,
  meshId: string,
  streams: readonly S[],
  encode: SnapshotEncoder = encodeSnapshotJson,
): Promise<PushPlan<S> | null> {
  const started = performance.now();
  const input = await loadCompileInput(ctx, meshId);
  if (!input) return null;
  const loadMs = performance.now() - started;
  const version = input.mesh.configVersion;
  const wanting = streams.filter((s) => s.wants(version));
  if (wanting.length === 0) return null;
  const shared = compileMeshConfig(input);
  const targets = wanting.map((stream) => ({ stream, ...encode(forCluster(shared, stream.cluster.name)) }));
  return { version, targets, loadMs };
}
