import type { InboundV2, RateLimitV2, VirtualHostV2 } from "@trellis/protocol/snapshot/v2";
import type { MergedService } from "../services.ts";
import { targetsService } from "./attachment.ts";
import { authorizationOf, type RouteLabels } from "./authorization.ts";
import { l4PassThrough } from "./l4-pass-through.ts";
import type { MeshResources } from "./resources.ts";

/**
 * What the inbound side of each service enforces: its AuthorizationPolicies (DENY before
 * ALLOW, each by name), its rate limits, the mesh default for requests no ALLOW policy
 * speaks for, and whether the proxy may skip HTTP (l4PassThrough).
 */
export function inboundOf(
  s: MergedService,
  resources: MeshResources,
  mesh: { name: string; trustDomain: string; defaultPolicy: "allow" | "deny" },
  labelsByName: RouteLabels,
  rateLimits: readonly RateLimitV2[],
): InboundV2 {
  const key = `${s.namespace}/${s.name}`;
  const mine = resources.authorizationPolicies.filter((p) => targetsService(p.spec, key));
  const ordered = [
    ...mine.filter((p) => p.spec.action === "DENY"),
    ...mine.filter((p) => p.spec.action === "ALLOW"),
  ];
  const policies = ordered.map((p) => authorizationOf(p, mesh, labelsByName));
  const opaque = s.ports.every((p) => p.protocol === "tcp");
  return {
    service: { name: s.name, namespace: s.namespace },
    defaultAction: mesh.defaultPolicy,
    policies,
    rateLimits: [...rateLimits],
    l4PassThrough: l4PassThrough(opaque, policies, rateLimits),
  };
}

/**
 * Route labels by route name and by rule name, for `to.routes` of AuthorizationPolicies:
 * keyed `<namespace>/<name>` (the names of one namespace's routes and their rules) and
 * `*\/<name>` (the same name in any namespace).
 */
export function labelsByName(virtualHosts: readonly VirtualHostV2[]): RouteLabels {
  const sets = new Map<string, Set<string>>();
  const add = (name: string, label: string) => sets.set(name, (sets.get(name) ?? new Set()).add(label));
  for (const vh of virtualHosts)
    for (const r of vh.routes) {
      if (r.source.kind !== "HTTPRoute" && r.source.kind !== "GRPCRoute") continue;
      const ns = r.source.namespace ?? "default";
      for (const name of r.source.rule ? [r.source.name, r.source.rule] : [r.source.name]) {
        add(`${ns}/${name}`, r.label);
        add(`*/${name}`, r.label);
      }
    }
  return new Map([...sets].map(([name, set]) => [name, [...set].sort()]));
}
