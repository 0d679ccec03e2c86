import { schema } from "@trellis/db";
import { and, eq, inArray } from "drizzle-orm";
import type { Context } from "../context.ts";

/**
 * Names of the HTTPRoutes/GRPCRoutes attached to a parent service. Proxies attribute a
 * routed request to the backend they picked (catalog-v1) and label it with the route, so
 * "traffic to catalog" is the edges to catalog plus the edges through its routes.
 */
export async function routesOfParent(
  ctx: Context,
  meshId: string,
  service: string,
  namespace: string,
): Promise<string[]> {
  const r = schema.meshResources;
  const rows = await ctx.db
    .select({ name: r.name, namespace: r.namespace, spec: r.spec })
    .from(r)
    .where(and(eq(r.meshId, meshId), inArray(r.kind, ["HTTPRoute", "GRPCRoute"])));
  return rows
    .filter((row) => {
      const refs = (row.spec as { parentRefs?: { name: string; namespace?: string }[] }).parentRefs ?? [];
      return refs.some((p) => p.name === service && (p.namespace ?? row.namespace) === namespace);
    })
    .map((row) => row.name);
}
