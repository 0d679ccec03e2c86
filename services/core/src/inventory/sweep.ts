import { schema } from "@trellis/db";
import { and, eq, lt, ne } from "drizzle-orm";
import type { Context } from "../context.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";

/**
 * The inventory's lifecycle, run by the worker: a proxy silent for PROXY_GONE_AFTER_MS
 * becomes `gone` (its connector went away with it), and gone proxies last seen more than
 * PROXY_RETENTION_MS ago are deleted, so the table never grows without bound. Stale is not
 * stored: it is read from `last_seen_at` against PROXY_STALE_AFTER_MS.
 */
export async function sweepInventory(ctx: Context): Promise<{ gone: number; pruned: number }> {
  const nowMs = ctx.clock.now().getTime();
  const p = schema.proxies;
  const { gone, pruned, versions } = await ctx.db.transaction(async (tx) => {
    const gone = await tx
      .update(p)
      .set({ health: "gone" })
      .where(and(ne(p.health, "gone"), lt(p.lastSeenAt, new Date(nowMs - ctx.config.PROXY_GONE_AFTER_MS))))
      .returning({ id: p.proxyId, meshId: p.meshId });
    const pruned = await tx
      .delete(p)
      .where(and(eq(p.health, "gone"), lt(p.lastSeenAt, new Date(nowMs - ctx.config.PROXY_RETENTION_MS))))
      .returning({ id: p.proxyId, meshId: p.meshId });
    // Proxy health feeds the snapshot (endpoint-states.ts): a mesh whose inventory changed gets
    // a new version in the same transaction, so equal versions keep carrying equal content.
    const meshes = [...new Set([...gone, ...pruned].map((r) => r.meshId))].sort();
    const versions: [string, number][] = [];
    for (const meshId of meshes)
      versions.push([meshId, await bumpConfigVersion(tx, meshId, ctx.clock.now())]);
    return { gone: gone.length, pruned: pruned.length, versions };
  });
  for (const [meshId, version] of versions) await announceConfig(ctx, meshId, version);
  return { gone, pruned };
}
