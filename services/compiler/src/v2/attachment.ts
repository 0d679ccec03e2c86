import type { PolicyTargetRef, ServiceRef } from "@trellis/protocol/resources";
import type { MergedService } from "../services.ts";
import { serviceKey } from "./resources.ts";

/** A route kind and name, as policies target routes. */
export interface RouteRef {
  kind: "HTTPRoute" | "GRPCRoute";
  name: string;
}

/**
 * Where a route attaches (GAMMA: a Service parentRef): the virtual hosts it governs and,
 * when the parentRef names a port, only that port. A parentRef to a service no cluster
 * discovered, or to a port the service does not have, attaches nowhere (Gateway API:
 * not Accepted). A port-less parentRef covers every port, so the same service's
 * port-specific refs add nothing.
 */
export function attachmentsOf(
  parentRefs: readonly ServiceRef[],
  services: ReadonlyMap<string, MergedService>,
): { key: string; port: number | undefined }[] {
  const byService = new Map<string, Set<number | undefined>>();
  for (const ref of parentRefs) {
    const key = serviceKey(ref.namespace, ref.name);
    const svc = services.get(key);
    if (!svc) continue;
    if (ref.port !== undefined && !svc.ports.some((p) => p.port === ref.port)) continue;
    const ports = byService.get(key) ?? new Set();
    ports.add(ref.port);
    byService.set(key, ports);
  }
  const out: { key: string; port: number | undefined }[] = [];
  for (const [key, ports] of byService) {
    if (ports.has(undefined)) out.push({ key, port: undefined });
    else for (const port of [...ports].sort((a, b) => a! - b!)) out.push({ key, port });
  }
  return out;
}

/**
 * Policies by what they target. Lists arrive sorted by name and the first policy for a
 * target wins (Gateway API policy attachment breaks ties by age, then name; the compiler
 * sees no age).
 */
export interface TargetIndex<T> {
  byRoute: Map<string, T>;
  byService: Map<string, T>;
}

export function indexByTarget<P extends { spec: { targetRef: PolicyTargetRef } }, T>(
  policies: readonly P[],
  compile: (p: P) => T | undefined,
): TargetIndex<T> {
  const index: TargetIndex<T> = { byRoute: new Map(), byService: new Map() };
  for (const p of policies) {
    const t = p.spec.targetRef;
    const [map, key] =
      t.kind === "Service"
        ? [index.byService, serviceKey(t.namespace, t.name)]
        : [index.byRoute, `${t.kind}/${t.name}`];
    if (map.has(key)) continue;
    const value = compile(p);
    if (value !== undefined) map.set(key, value);
  }
  return index;
}

/**
 * The policy for a route entry: one targeting the route, else the service the client
 * addressed (the parent), else one that every backend of the entry shares. A backend-only
 * policy that not every backend shares cannot ride on the route (the snapshot carries one
 * retry and one fault per route), so it does not apply.
 */
export function attachedPolicy<T>(
  index: TargetIndex<T>,
  route: RouteRef | undefined,
  parentKey: string,
  backendKeys: readonly string[],
): T | undefined {
  const byRoute = route ? index.byRoute.get(`${route.kind}/${route.name}`) : undefined;
  if (byRoute !== undefined) return byRoute;
  const byParent = index.byService.get(parentKey);
  if (byParent !== undefined) return byParent;
  const shared = backendKeys.map((k) => index.byService.get(k));
  return shared.length > 0 && shared.every((p) => p !== undefined && p === shared[0]) ? shared[0] : undefined;
}
