import type { Context } from "../context.ts";
import { loadCompileInput } from "./load-inputs.ts";
import { negotiate } from "./negotiate.ts";
import { type EncodedSnapshot, Renderings, type SnapshotEncoder } from "./renderings.ts";

/** A connector stream as a push sees it: its cluster, the schemas it reads, whether it wants a version. */
export interface PushStream {
  readonly cluster: { name: string };
  /** Hello.accepted_schemas, most preferred first; empty for a connector that reads only v1. */
  readonly acceptedSchemas: readonly string[];
  /** False when the stream holds `version`, refused it, or has it in flight. */
  wants(version: number): boolean;
}

/** What to write on one stream: the snapshot in its preferred schema, plus its other renderings. */
export interface PushTarget<S> extends EncodedSnapshot {
  stream: S;
  /** The same version in the other schemas the stream accepts (ConfigSnapshot.alternates). */
  alternates: EncodedSnapshot[];
}

/** What to write on which stream for one config version of a mesh. */
export interface PushPlan<S> {
  version: number;
  targets: PushTarget<S>[];
  /** Time spent reading the mesh (for the push log). */
  loadMs: number;
}

/**
 * Load → compile → targets for one mesh: reads it in one repeatable-read transaction (so
 * the version and the content it stamps belong together), compiles once per schema some
 * stream wants, and gives each stream that wants the version its payload in its first
 * accepted schema with the others as alternates (negotiate.ts). Equal payloads are one
 * Buffer. Null when the mesh is gone or no stream wants it; writing is the transport's job.
 */
export async function planPush<S extends PushStream>(
  ctx: Context,
  meshId: string,
  streams: readonly S[],
  encodeV1?: SnapshotEncoder,
): Promise<PushPlan<S> | null> {
  const started = performance.now();
  const input = await loadCompileInput(ctx, meshId);
  if (!input) return null;
  const loadMs = performance.now() - started;
  const version = input.mesh.configVersion;
  const wanting = streams.filter((s) => s.wants(version));
  if (wanting.length === 0) return null;
  const renderings = new Renderings(input, encodeV1);
  const targets = wanting.map((stream) => {
    const { primary, alternates } = negotiate(stream.acceptedSchemas);
    const cluster = stream.cluster.name;
    return {
      stream,
      ...renderings.get(primary, cluster),
      alternates: alternates.map((schema) => renderings.get(schema, cluster)),
    };
  });
  return { version, targets, loadMs };
}
