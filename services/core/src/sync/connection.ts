import { schema } from "@trellis/db";
import { and, eq, gt, inArray, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Context } from "../context.ts";

// Connection state is a lease (issue 13 §5): the replica holding a cluster's stream sets
// `connected` and `connected_replica`, and renews `last_seen_at` while the stream is alive
// (refreshPresence). A cluster is connected only while that renewal is younger than
// TUNNEL_LEASE_MS, so a replica that dies without a word (kill -9, a lost host) stops
// counting within one lease — every reader applies the same rule (`holdsLease`).

/** Whether a cluster row's connection lease is live now. Pure. */
export function holdsLease(
  row: { connected: boolean; lastSeenAt: Date | null },
  nowMs: number,
  leaseMs: number,
): boolean {
  return row.connected && row.lastSeenAt !== null && row.lastSeenAt.getTime() > nowMs - leaseMs;
}

/** `holdsLease` for a row of this context's database, now. */
export const isConnected = (ctx: Context, row: { connected: boolean; lastSeenAt: Date | null }) =>
  holdsLease(row, ctx.clock.now().getTime(), ctx.config.TUNNEL_LEASE_MS);

/** The same rule as a SQL condition on `clusters`. */
export function connectedNow(ctx: Context): SQL {
  const c = schema.clusters;
  const since = new Date(ctx.clock.now().getTime() - ctx.config.TUNNEL_LEASE_MS);
  return and(eq(c.connected, true), gt(c.lastSeenAt, since))!;
}

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

/** Renews the leases of the clusters this replica holds (their streams are alive), in one statement. */
export async function refreshPresence(ctx: Context, clusterIds: string[]): Promise<void> {
  if (clusterIds.length === 0) return;
  const c = schema.clusters;
  await ctx.db
    .update(c)
    .set({ lastSeenAt: ctx.clock.now() })
    // Only leases this replica still holds: a stream that ended meanwhile (markDisconnected)
    // is not revived, and one replaced on another replica is not taken back. A lease swept
    // while this replica stalled is not renewed either: its silent streams are closed and
    // their connectors redial (markConnected).
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

/**
 * Tidies the rows of leases that ran out (a replica that died cannot say so itself). Readers
 * do not wait for this: an expired lease already reads as disconnected.
 */
export async function sweepStaleConnections(ctx: Context): Promise<void> {
  const c = schema.clusters;
  const since = new Date(ctx.clock.now().getTime() - ctx.config.TUNNEL_LEASE_MS);
  await ctx.db
    .update(c)
    .set({ connected: false, connectedReplica: null })
    .where(and(eq(c.connected, true), or(lt(c.lastSeenAt, since), isNull(c.lastSeenAt))));
}

/**
 * A replica starting under a fixed REPLICA_ID holds no stream yet: whatever its previous life
 * held (it was killed before it could say so) is released at once.
 */
export async function releaseConnections(ctx: Context): Promise<void> {
  const c = schema.clusters;
  await ctx.db
    .update(c)
    .set({ connected: false, connectedReplica: null })
    .where(eq(c.connectedReplica, ctx.replicaId));
}

/** postgres-js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
