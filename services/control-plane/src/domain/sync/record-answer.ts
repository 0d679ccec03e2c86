import { sql } from "drizzle-orm";
import type { Context } from "../../context.ts";

/**
 * The connector applied `version`. A later ACK never moves the applied version back, and
 * clears the last NACK; lagging ends only once the mesh's current version is applied.
 */
export async function recordAck(ctx: Context, clusterId: string, version: number): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.execute(sql`
    update clusters set
      applied_version = greatest(coalesce(clusters.applied_version, 0), ${version}::bigint),
      applied_at = ${now},
      last_nack = null,
      last_seen_at = ${now},
      lagging_since = case when ${version}::bigint >= meshes.config_version then null
        else clusters.lagging_since end
    from meshes
    where clusters.id = ${clusterId} and meshes.id = clusters.mesh_id`);
}

/** The connector refused `version` and keeps what it had: remember why, keep the applied version. */
export async function recordNack(
  ctx: Context,
  clusterId: string,
  version: number,
  error: string,
): Promise<void> {
  const now = ctx.clock.now();
  const nack = { version, error: error.slice(0, 4096), at: now.toISOString() };
  await ctx.db.execute(sql`
    update clusters set
      last_nack = ${JSON.stringify(nack)}::jsonb,
      last_seen_at = ${now},
      lagging_since = coalesce(lagging_since, ${now})
    where id = ${clusterId}`);
}
