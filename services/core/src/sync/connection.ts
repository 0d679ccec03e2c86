import { schema } from "@trellis/db";
import { and, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Context } from "../context.ts";

/**
 * Records that this replica now holds the cluster's stream, and what the connector says
 * it runs (Hello.appliedVersion; 0 = nothing). Returns the mesh's desired version.
 */
export async function markConnected(
  ctx: Context,
  clusterId: string,
  hello: { connectorVersion: string; appliedVersion: number },
): Promise<number | null> {
  const now = ctx.clock.now().toISOString();
  const applied = hello.appliedVersion > 0 ? hello.appliedVersion : null;
  const rows = await ctx.db.execute(sql`
    update clusters set
      connected = true,
      connected_replica = ${ctx.replicaId},
      connector_version = ${hello.connectorVersion || null}::text,
      last_seen_at = ${now}::timestamptz,
      applied_version = ${applied}::bigint,
      lagging_since = case
        when ${applied}::bigint >= meshes.config_version then null
        else coalesce(clusters.lagging_since, ${now}::timestamptz) end
    from meshes
    where clusters.id = ${clusterId} and meshes.id = clusters.mesh_id
    returning meshes.config_version as desired`);
  const row = rowsOf<{ desired: number | string }>(rows)[0];
  return row ? Number(row.desired) : null;
}

/** The stream ended; only the replica that still owns the cluster may say so. */
export async function markDisconnected(ctx: Context, clusterId: string): Promise<void> {
  const c = schema.clusters;
  await ctx.db
    .update(c)
    .set({ connected: false, connectedReplica: null, lastSeenAt: ctx.clock.now() })
    .where(and(eq(c.id, clusterId), eq(c.connectedReplica, ctx.replicaId)));
}

/** Refreshes last_seen_at of the clusters this replica holds, in one statement. */
export async function refreshPresence(ctx: Context, clusterIds: string[]): Promise<void> {
  if (clusterIds.length === 0) return;
  const c = schema.clusters;
  await ctx.db
    .update(c)
    .set({ lastSeenAt: ctx.clock.now() })
    .where(and(inArray(c.id, clusterIds), eq(c.connectedReplica, ctx.replicaId)));
}

/** Of `clusterIds`, those that are still admitted (not revoked, not deleted). */
export async function stillAdmitted(ctx: Context, clusterIds: string[]): Promise<Set<string>> {
  if (clusterIds.length === 0) return new Set();
  const c = schema.clusters;
  const rows = await ctx.db
    .select({ id: c.id })
    .from(c)
    .where(and(inArray(c.id, clusterIds), isNull(c.revokedAt), isNotNull(c.credentialHash)));
  return new Set(rows.map((r) => r.id));
}

/** A replica that died cannot mark its clusters disconnected: anyone sweeps them once stale. */
export async function sweepStaleConnections(ctx: Context, staleAfterMs: number): Promise<void> {
  const c = schema.clusters;
  await ctx.db
    .update(c)
    .set({ connected: false, connectedReplica: null })
    .where(and(eq(c.connected, true), lt(c.lastSeenAt, new Date(ctx.clock.now().getTime() - staleAfterMs))));
}

/** postgres-js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
