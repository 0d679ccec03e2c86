import { schema } from "@trellis/db";
import { and, eq, lt, ne } from "drizzle-orm";
import type { Context } from "../context.ts";

/**
 * The inventory's lifecycle, run by the worker: a proxy silent for PROXY_GONE_AFTER_MS
 * becomes `gone` (its connector went away with it), and gone proxies last seen more than
 * PROXY_RETENTION_MS ago are deleted, so the table never grows without bound. Stale is not
 * stored: it is read from `last_seen_at` against PROXY_STALE_AFTER_MS.
 */
export async function sweepInventory(ctx: Context): Promise<{ gone: number; pruned: number }> {
  const nowMs = ctx.clock.now().getTime();
  const p = schema.proxies;
  const gone = await ctx.db
    .update(p)
    .set({ health: "gone" })
    .where(and(ne(p.health, "gone"), lt(p.lastSeenAt, new Date(nowMs - ctx.config.PROXY_GONE_AFTER_MS))))
    .returning({ id: p.proxyId });
  const pruned = await ctx.db
    .delete(p)
    .where(and(eq(p.health, "gone"), lt(p.lastSeenAt, new Date(nowMs - ctx.config.PROXY_RETENTION_MS))))
    .returning({ id: p.proxyId });
  return { gone: gone.length, pruned: pruned.length };
}
