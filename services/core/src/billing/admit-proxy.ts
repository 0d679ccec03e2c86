import type { Tx } from "@trellis/db";
import { sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import { limitExceeded } from "../errors.ts";
import { rowsOf } from "../sync/connection.ts";
import { standingOfOrg } from "./account.ts";
import { limitDetail } from "./limit-detail.ts";

type Db = Context["db"] | Tx;

/**
 * The proxy limit, applied where a proxy joins the mesh: its first certificate (every data
 * plane — trellis-proxy, Envoy, proxyless gRPC — gets one through the tunnel's SignRequest).
 * A proxy already running — live in the inventory, or holding a certificate that has not
 * expired — is always admitted, so billing never cuts off a running proxy's renewals
 * (static stability beats billing). A new one is counted against the org's limit under a
 * per-org lock, and `issue` (sign + record) runs in that transaction, so a burst of new
 * proxies cannot slip past the count together.
 */
export async function admitProxy<T>(
  ctx: Context,
  cluster: { id: string; orgId: string },
  proxyId: string,
  issue: (db: Db) => Promise<T>,
): Promise<T> {
  if (!ctx.billing.enabled) return issue(ctx.db);
  const now = ctx.clock.now();
  if (await isRunning(ctx.db, cluster.id, proxyId, now)) return issue(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const standing = await standingOfOrg(ctx, tx, cluster.orgId);
    const max = standing.limits.proxies;
    if (max === null) return issue(tx);
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`trellis.billing.proxies:${cluster.orgId}`}))`,
    );
    const n = await admittedProxies(
      tx,
      cluster.orgId,
      new Date(now.getTime() - ctx.config.PROXY_GONE_AFTER_MS),
    );
    if (n >= max) throw limitExceeded(limitDetail(standing, "proxies", max, n));
    return issue(tx);
  });
}

async function isRunning(db: Db, clusterId: string, proxyId: string, now: Date): Promise<boolean> {
  const rows = await db.execute(sql`
    select 1 as running from proxies
      where cluster_id = ${clusterId} and proxy_id = ${proxyId} and health <> 'gone'
    union all
    select 1 from certificates
      where cluster_id = ${clusterId} and proxy_id = ${proxyId} and not_after > ${now.toISOString()}::timestamptz
    limit 1`);
  return rowsOf(rows).length > 0;
}

/**
 * The org's proxies that count against its limit: live in the inventory, plus those given a
 * certificate since `recentSince` that no report has listed yet (a connector reports its
 * proxies every few seconds; one reported and then gone no longer counts).
 */
async function admittedProxies(tx: Tx, orgId: string, recentSince: Date): Promise<number> {
  const rows = await tx.execute(sql`
    select count(*)::int as n from (
      select cluster_id, proxy_id from proxies where org_id = ${orgId} and health <> 'gone'
      union
      select c.cluster_id, c.proxy_id from certificates c
        where c.mesh_id in (select id from meshes where org_id = ${orgId})
          and c.issued_at > ${recentSince.toISOString()}::timestamptz
          and not exists (select 1 from proxies p where p.cluster_id = c.cluster_id and p.proxy_id = c.proxy_id)
    ) admitted`);
  return Number(rowsOf<{ n: number | string }>(rows)[0]?.n ?? 0);
}
