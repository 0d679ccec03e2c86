import type { DiscoveredClusterService } from "@trellis/compiler/inputs";
import { schema } from "@trellis/db";
import type { Service } from "@trellis/protocol/tunnel";
import { eq } from "drizzle-orm";
import type { Context } from "../context.ts";
import { newId } from "../ids.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";

type Stored = Omit<DiscoveredClusterService, "cluster">;

/** One service with its keys and lists in a fixed order (jsonb does not keep key order). */
function canonical(s: Stored): Stored {
  return {
    name: s.name,
    namespace: s.namespace,
    ports: s.ports
      .map((p) => ({ port: p.port, protocol: p.protocol || "tcp", ...(p.name ? { name: p.name } : {}) }))
      .sort((a, b) => a.port - b.port),
    endpoints: s.endpoints
      .map((e) => ({
        address: e.address,
        port: e.port,
        serviceAccount: e.serviceAccount,
        vmName: e.vmName,
        workload: e.workload,
        ready: e.ready,
      }))
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.port - b.port)),
    addresses: [...new Set(s.addresses ?? [])].filter(Boolean).sort(),
  };
}

/** A DiscoveryUpdate in a canonical order, so an unchanged set compares equal. */
export function normalizeDiscovery(services: (Service | Stored)[]): Stored[] {
  const byKey = new Map<string, Stored>();
  for (const s of services) {
    if (!s.name) continue;
    const namespace = s.namespace || "default";
    byKey.set(`${namespace}/${s.name}`, canonical({ ...(s as Stored), namespace }));
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
}

const fingerprint = (list: Stored[]) => JSON.stringify(list);

/**
 * Replaces the cluster's discovered services with the connector's full set. When anything
 * changed, the mesh's config version is bumped (every cluster of the mesh needs the new
 * endpoints) and announced after the commit. Returns whether it changed.
 */
export async function replaceDiscoveredServices(
  ctx: Context,
  cluster: TunnelCluster,
  services: Service[],
): Promise<boolean> {
  const next = normalizeDiscovery(services);
  const d = schema.discoveredServices;
  const version = await ctx.db.transaction(async (tx) => {
    // Serializes concurrent updates of one cluster (e.g. a stream being replaced).
    const [held] = await tx
      .select({ id: schema.clusters.id })
      .from(schema.clusters)
      .where(eq(schema.clusters.id, cluster.id))
      .for("update");
    if (!held) return null;
    const current = await tx
      .select({
        name: d.name,
        namespace: d.namespace,
        ports: d.ports,
        endpoints: d.endpoints,
        addresses: d.addresses,
      })
      .from(d)
      .where(eq(d.clusterId, cluster.id));
    const currentSorted = normalizeDiscovery(
      current.map((r) => ({
        ...r,
        ports: r.ports as Stored["ports"],
        endpoints: r.endpoints as Stored["endpoints"],
        addresses: r.addresses as string[],
      })),
    );
    if (fingerprint(currentSorted) === fingerprint(next)) return null;
    const now = ctx.clock.now();
    await tx.delete(d).where(eq(d.clusterId, cluster.id));
    if (next.length > 0) {
      await tx.insert(d).values(
        next.map((s) => ({
          id: newId("service"),
          orgId: cluster.orgId,
          meshId: cluster.meshId,
          clusterId: cluster.id,
          name: s.name,
          namespace: s.namespace,
          ports: s.ports,
          endpoints: s.endpoints,
          addresses: s.addresses ?? [],
          updatedAt: now,
        })),
      );
    }
    return bumpConfigVersion(tx, cluster.meshId, now);
  });
  if (version === null) return false;
  await announceConfig(ctx, cluster.meshId, version);
  return true;
}
