import { sql } from "drizzle-orm";
import type { Context } from "../context.ts";

/**
 * Connectors applied these versions (one statement for a whole batch of ACKs). A later ACK
 * never moves the applied version back, and clears the last NACK; lagging ends only once
 * the mesh's current version is applied.
 */
export async function recordAcks(
  ctx: Context,
  acks: { clusterId: string; version: number }[],
): Promise<void> {
  const latest = new Map<string, number>();
  for (const a of acks) latest.set(a.clusterId, Math.max(a.version, latest.get(a.clusterId) ?? 0));
  if (latest.size === 0) return;
  const now = ctx.clock.now().toISOString();
  const values = sql.join(
    [...latest].map(([id, version]) => sql`(${id}::text, ${version}::bigint)`),
    sql`, `,
  );
  await ctx.db.execute(sql`
    update clusters set
      applied_version = greatest(coalesce(clusters.applied_version, 0), acked.version),
      applied_at = ${now}::timestamptz,
      last_nack = null,
      last_seen_at = ${now}::timestamptz,
      lagging_since = case when acked.version >= meshes.config_version then null
        else clusters.lagging_since end
    from (values ${values}) as acked(id, version), meshes
    where clusters.id = acked.id and meshes.id = clusters.mesh_id`);
}

export const recordAck = (ctx: Context, clusterId: string, version: number) =>
  recordAcks(ctx, [{ clusterId, version }]);

/** The connector refused `version` and keeps what it had: remember why, keep the applied version. */
export async function recordNack(
  ctx: Context,
  clusterId: string,
  version: number,
  error: string,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const nack = { version, error: error.slice(0, 4096), at: now };
  await ctx.db.execute(sql`
    update clusters set
      last_nack = ${JSON.stringify(nack)}::jsonb,
      last_seen_at = ${now}::timestamptz,
      lagging_since = coalesce(lagging_since, ${now}::timestamptz)
    where id = ${clusterId}`);
}
