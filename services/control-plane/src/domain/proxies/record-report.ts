import { schema } from "@trellis/db";
import { msFromTimestamp, type ProxyStatus } from "@trellis/protocol/tunnel";
import { and, eq, notInArray } from "drizzle-orm";
import type { Context } from "../../context.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";

const healthNames: Record<string, string> = {
  PROXY_HEALTH_READY: "ready",
  PROXY_HEALTH_NOT_READY: "not_ready",
  PROXY_HEALTH_DRAINING: "draining",
};

const dateOf = (ts: ProxyStatus["startedAt"]) => {
  const ms = msFromTimestamp(ts);
  return ms === null ? null : new Date(ms);
};

/** A ProxyReport replaces the cluster's proxy rows: proxies missing from it are gone. */
export async function recordProxyReport(
  ctx: Context,
  cluster: TunnelCluster,
  proxies: ProxyStatus[],
): Promise<void> {
  const now = ctx.clock.now();
  const p = schema.proxies;
  await ctx.db.transaction(async (tx) => {
    const [mesh] = await tx
      .select({ version: schema.meshes.configVersion })
      .from(schema.meshes)
      .where(eq(schema.meshes.id, cluster.meshId));
    if (!mesh) return;
    const existing = await tx
      .select({ proxyId: p.proxyId, laggingSince: p.laggingSince })
      .from(p)
      .where(eq(p.clusterId, cluster.id));
    const lagging = new Map(existing.map((r) => [r.proxyId, r.laggingSince]));
    const ids = [...new Set(proxies.map((x) => x.proxyId).filter(Boolean))];
    await tx
      .delete(p)
      .where(ids.length > 0 ? and(eq(p.clusterId, cluster.id), notInArray(p.proxyId, ids)) : eq(p.clusterId, cluster.id));
    for (const x of proxies) {
      if (!x.proxyId) continue;
      const applied = x.appliedConfigVersion > 0 ? x.appliedConfigVersion : null;
      const behind = applied === null || applied < mesh.version;
      const row = {
        service: x.service,
        namespace: x.namespace,
        workload: x.workload,
        identity: x.identity,
        version: x.proxyVersion,
        appliedConfigVersion: applied,
        health: healthNames[x.health] ?? "unknown",
        startedAt: dateOf(x.startedAt),
        lastSeenAt: now,
        certNotAfter: dateOf(x.certNotAfter),
        lastNack: x.lastNack ? { version: x.lastNack.version, error: x.lastNack.error } : null,
        laggingSince: behind ? (lagging.get(x.proxyId) ?? now) : null,
      };
      await tx
        .insert(p)
        .values({ clusterId: cluster.id, proxyId: x.proxyId, orgId: cluster.orgId, meshId: cluster.meshId, ...row })
        .onConflictDoUpdate({ target: [p.clusterId, p.proxyId], set: row });
    }
  });
}
