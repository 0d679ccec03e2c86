import type { GRPCRouteSpec, HTTPRouteFilter, HTTPRouteSpec } from "@trellis/protocol/resources";
import type { MergedService } from "../services.ts";
import { attachmentsOf, type RouteRef } from "./attachment.ts";
import { authorityMatch, type CompiledMatch, grpcMatch, httpMatch } from "./matches.ts";
import type { Ranked } from "./precedence.ts";
import type { MeshResources } from "./resources.ts";

/** What a rule of either route kind says beyond its matches. */
export interface RuleLike {
  name?: string | undefined;
  backendRefs: HTTPRouteSpec["rules"][number]["backendRefs"];
  filters?: readonly HTTPRouteFilter[] | undefined;
  timeouts?: HTTPRouteSpec["rules"][number]["timeouts"];
  /** GEP-1731 (HTTPRoute only). */
  retry?: HTTPRouteSpec["rules"][number]["retry"];
  sessionPersistence?: HTTPRouteSpec["rules"][number]["sessionPersistence"];
}

/** One match of one rule of a route, attached to one service (and maybe one port). */
export interface RouteEntry extends Ranked {
  route: RouteRef;
  rule: RuleLike;
  pathPrefix: string | undefined;
}

/**
 * Every route entry of the mesh by the virtual host (`namespace/name`) it attaches to,
 * unsorted. Route hostnames multiply the entries: one `:authority` match per hostname.
 */
export function routeEntriesByService(
  resources: MeshResources,
  services: ReadonlyMap<string, MergedService>,
): Map<string, RouteEntry[]> {
  const out = new Map<string, RouteEntry[]>();
  const add = (route: RouteRef, spec: HTTPRouteSpec | GRPCRouteSpec) => {
    for (const { key, port } of attachmentsOf(spec.parentRefs, services)) {
      const list = out.get(key) ?? [];
      list.push(...entriesOf(route, spec, port));
      out.set(key, list);
    }
  };
  for (const r of resources.grpcRoutes)
    add({ kind: "GRPCRoute", namespace: r.namespace, name: r.name }, r.spec);
  for (const r of resources.httpRoutes)
    add({ kind: "HTTPRoute", namespace: r.namespace, name: r.name }, r.spec);
  return out;
}

function entriesOf(
  route: RouteRef,
  spec: HTTPRouteSpec | GRPCRouteSpec,
  port: number | undefined,
): RouteEntry[] {
  const hostnames = spec.hostnames ?? [];
  const out: RouteEntry[] = [];
  spec.rules.forEach((rule, ruleIndex) => {
    const matches: unknown[] = rule.matches.length > 0 ? rule.matches : [{}];
    matches.forEach((m, matchIndex) => {
      const c: CompiledMatch =
        route.kind === "HTTPRoute"
          ? httpMatch(m as HTTPRouteSpec["rules"][number]["matches"][number])
          : grpcMatch(m as GRPCRouteSpec["rules"][number]["matches"][number]);
      const base = {
        route,
        rule: rule as RuleLike,
        pathPrefix: c.pathPrefix,
        // Ties between routes go by `{namespace}/{name}` (Gateway API, after age).
        routeName: `${route.namespace}/${route.name}`,
        ruleIndex,
        matchIndex,
        port,
      };
      if (hostnames.length === 0) {
        out.push({ ...base, match: c.match, rank: [0, 0, ...c.rank], hostIndex: 0 });
        return;
      }
      hostnames.forEach((h, hostIndex) => {
        const match = { ...c.match, headers: [authorityMatch(h), ...c.match.headers] };
        // Gateway API: the longest exact hostname first, then the longest wildcard one.
        const hostRank = [h.startsWith("*.") ? 1 : 2, h.length];
        out.push({ ...base, match, rank: [...hostRank, ...c.rank], hostIndex });
      });
    });
  });
  return out;
}
