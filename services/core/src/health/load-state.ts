import { schema } from "@trellis/db";
import { type ProxyKind, proxyKindSchema } from "@trellis/protocol/api";
import { asc, eq } from "drizzle-orm";
import type { Context } from "../context.ts";
import type { MeshRow } from "../meshes/find.ts";
import { isConnected } from "../sync/connection.ts";
import { loadCaIssuerNotAfter } from "./ca-issuer.ts";
import type { FlagPolicy, InventoryCluster, InventoryProxy, MeshState } from "./state.ts";
import { latestProxyVersion } from "./versions.ts";

/** The flag thresholds from config (README "Observability"). */
export function flagPolicy(ctx: Context): FlagPolicy {
  return {
    latestProxyVersion,
    staleAfterMs: ctx.config.PROXY_STALE_AFTER_MS,
    syncLagMs: ctx.config.FLAG_SYNC_LAG_MS,
    certExpiryMs: ctx.config.FLAG_CERT_EXPIRY_MS,
    caExpiryMs: ctx.config.FLAG_CA_EXPIRY_MS,
  };
}

type NackJson = { version?: unknown; error?: unknown; at?: unknown } | null;
const nackOf = (v: unknown) => {
  const n = v as NackJson;
  if (!n || typeof n.error !== "string") return null;
  return {
    version: Number(n.version ?? 0),
    error: n.error,
    ...(typeof n.at === "string" ? { at: n.at } : {}),
  };
};

/** A stored kind as the API names it; a value this release does not know reads as trellis-proxy. */
export const kindOf = (v: string): ProxyKind => {
  const k = proxyKindSchema.safeParse(v);
  return k.success ? k.data : "trellis-proxy";
};

/** The mesh's proxies (gone ones included), clusters and CA expiry, in stable order. */
export async function loadMeshState(
  ctx: Context,
  mesh: Pick<MeshRow, "id" | "name" | "configVersion">,
): Promise<MeshState> {
  const c = schema.clusters;
  const p = schema.proxies;
  const [clusterRows, proxyRows, caIssuerNotAfter] = await Promise.all([
    ctx.db.select().from(c).where(eq(c.meshId, mesh.id)).orderBy(asc(c.name)),
    ctx.db
      .select({ proxy: p, cluster: c.name })
      .from(p)
      .innerJoin(c, eq(c.id, p.clusterId))
      .where(eq(p.meshId, mesh.id))
      .orderBy(asc(c.name), asc(p.proxyId)),
    loadCaIssuerNotAfter(ctx, mesh.id),
  ]);
  const proxies: InventoryProxy[] = proxyRows.map(({ proxy: r, cluster }) => ({
    proxyId: r.proxyId,
    kind: kindOf(r.kind),
    userAgent: r.userAgent,
    cluster,
    namespace: r.namespace,
    service: r.service,
    workload: r.workload,
    identity: r.identity,
    version: r.version,
    appliedConfigVersion: r.appliedConfigVersion,
    health: r.health,
    startedAt: r.startedAt,
    lastSeenAt: r.lastSeenAt,
    certNotAfter: r.certNotAfter,
    lastNack: nackOf(r.lastNack),
    laggingSince: r.laggingSince,
  }));
  const clusters: InventoryCluster[] = clusterRows.map((r) => ({
    name: r.name,
    connected: isConnected(ctx, r),
    connectorVersion: r.connectorVersion,
    lastSeenAt: r.lastSeenAt,
    appliedVersion: r.appliedVersion,
    lastNack: nackOf(r.lastNack),
    laggingSince: r.laggingSince,
    credentialIssuedAt: r.credentialIssuedAt,
    revokedAt: r.revokedAt,
  }));
  return { mesh: mesh.name, desiredVersion: mesh.configVersion, proxies, clusters, caIssuerNotAfter };
}
