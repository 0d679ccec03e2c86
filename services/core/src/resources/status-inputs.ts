import { schema, type Tx } from "@trellis/db";
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Context } from "../context.ts";
import type { StatusInputs } from "./conditions.ts";

type Nack = { version: number | string; error: string } | null;

/** Everything the conditions of a mesh's resources depend on, in four small queries. */
export async function loadStatusInputs(db: Context["db"] | Tx, meshId: string): Promise<StatusInputs> {
  const d = schema.discoveredServices;
  const c = schema.clusters;
  const p = schema.proxies;
  const r = schema.meshResources;
  const [services, routes, proxies, clusters] = await Promise.all([
    db.selectDistinct({ namespace: d.namespace, name: d.name }).from(d).where(eq(d.meshId, meshId)),
    db
      .select({ kind: r.kind, namespace: r.namespace, name: r.name })
      .from(r)
      .where(and(eq(r.meshId, meshId), inArray(r.kind, ["HTTPRoute", "GRPCRoute"]))),
    db
      .select({ proxy: p.proxyId, applied: p.appliedConfigVersion, lastNack: p.lastNack })
      .from(p)
      .where(and(eq(p.meshId, meshId), ne(p.health, "gone"))),
    db.select({ id: c.id, name: c.name, lastNack: c.lastNack }).from(c).where(eq(c.meshId, meshId)),
  ]);
  const nacks = [
    ...clusters.map((x) => ({ who: `the connector of cluster ${x.name}`, nack: x.lastNack as Nack })),
    ...proxies.map((x) => ({ who: `proxy ${x.proxy}`, nack: x.lastNack as Nack })),
  ].flatMap(({ who, nack }) => (nack ? [{ who, version: Number(nack.version), error: nack.error }] : []));
  return {
    services: new Set(services.map((s) => `${s.namespace}/${s.name}`)),
    routes: new Set(routes.map((x) => `${x.kind}/${x.namespace}/${x.name}`)),
    proxies: proxies.map((x) => ({ proxy: x.proxy, applied: x.applied })),
    nacks,
    clusterNames: new Map(clusters.map((x) => [x.id, x.name])),
  };
}
