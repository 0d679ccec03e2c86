import { schema } from "@trellis/db";
import { and, eq, inArray } from "drizzle-orm";
import type { Context } from "../context.ts";

/** A route's parent service and the configured weight (percent) of each backend, by node id. */
export interface RouteSplit {
  parent: { namespace: string; service: string };
  weightPercent: Map<string, number>;
}

/** Route name → its split. */
export type RouteSplits = Map<string, RouteSplit>;

interface RouteSpec {
  parentRefs?: { name: string; namespace?: string }[];
  rules?: { backendRefs?: { name: string; namespace?: string; weight?: number }[] }[];
}

/**
 * The splits of a mesh's HTTPRoutes/GRPCRoutes. Proxies label a routed request with the route
 * and attribute it to the backend they picked, so with these the graph can draw caller →
 * parent → backend. A route with several parents is drawn through its first. A backend named
 * by several rules keeps the weight of the first. Pure.
 */
export function routeSplitsOf(routes: readonly { name: string; spec: unknown }[]): RouteSplits {
  const splits: RouteSplits = new Map();
  for (const route of routes) {
    const spec = route.spec as RouteSpec;
    const parent = spec.parentRefs?.[0];
    if (!parent) continue;
    const namespace = parent.namespace ?? "default";
    const weightPercent = new Map<string, number>();
    for (const rule of spec.rules ?? []) {
      const refs = rule.backendRefs ?? [];
      // Gateway API: a backendRef's weight defaults to 1.
      const total = refs.reduce((sum, b) => sum + (b.weight ?? 1), 0);
      for (const b of refs) {
        const id = `${b.namespace ?? namespace}/${b.name}`;
        if (!weightPercent.has(id))
          weightPercent.set(id, total > 0 ? Math.round(((b.weight ?? 1) / total) * 1000) / 10 : 0);
      }
    }
    splits.set(route.name, { parent: { namespace, service: parent.name }, weightPercent });
  }
  return splits;
}

export async function loadRouteSplits(ctx: Context, meshId: string): Promise<RouteSplits> {
  const r = schema.meshResources;
  const rows = await ctx.db
    .select({ name: r.name, spec: r.spec })
    .from(r)
    .where(and(eq(r.meshId, meshId), inArray(r.kind, ["HTTPRoute", "GRPCRoute"])));
  return routeSplitsOf(rows);
}
