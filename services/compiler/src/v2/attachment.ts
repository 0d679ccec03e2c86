import { type ParentRef, type PolicyTargetRef, policyTargets } from "@trellis/protocol/resources";
import type { MergedService } from "../services.ts";
import { serviceKey } from "./resources.ts";

/** A route by kind, namespace and name: how policies target routes (GEP-713, local to the policy). */
export interface RouteRef {
  kind: "HTTPRoute" | "GRPCRoute";
  namespace: string;
  name: string;
}

/** `HTTPRoute/shop/web`: a route's key among policy targets. */
export function routeKey(r: { kind: string; namespace: string; name: string }): string {
  return `${r.kind}/${r.namespace}/${r.name}`;
}

/**
 * Where a route attaches (GAMMA: a Service parentRef): the virtual hosts it governs and,
 * when the parentRef names a port (`port`, or `sectionName` — the name of a service port,
 * as GAMMA reads it for a Service parent; both must agree when both are given), only that
 * port. A parentRef to a service no cluster discovered, or to a port the service does not
 * have, attaches nowhere (Gateway API: not Accepted). A port-less parentRef covers every
 * port, so the same service's port-specific refs add nothing.
 */
export function attachmentsOf(
  parentRefs: readonly ParentRef[],
  services: ReadonlyMap<string, MergedService>,
): { key: string; port: number | undefined }[] {
  const byService = new Map<string, Set<number | undefined>>();
  for (const ref of parentRefs) {
    const key = serviceKey(ref.namespace, ref.name);
    const svc = services.get(key);
    if (!svc) continue;
    const port = parentPort(ref, svc);
    if (port === null) continue;
    const ports = byService.get(key) ?? new Set();
    ports.add(port);
    byService.set(key, ports);
  }
  const out: { key: string; port: number | undefined }[] = [];
  for (const [key, ports] of byService) {
    if (ports.has(undefined)) out.push({ key, port: undefined });
    else for (const port of [...ports].sort((a, b) => a! - b!)) out.push({ key, port });
  }
  return out;
}

/** The port a parentRef narrows to: undefined = every port, null = none the service has. */
function parentPort(ref: ParentRef, svc: MergedService): number | undefined | null {
  const byName =
    ref.sectionName === undefined ? undefined : svc.ports.find((p) => p.name === ref.sectionName);
  if (ref.sectionName !== undefined && !byName) return null;
  if (ref.port !== undefined) {
    if (!svc.ports.some((p) => p.port === ref.port)) return null;
    if (byName && byName.port !== ref.port) return null;
    return ref.port;
  }
  return byName?.port;
}

/**
 * Policies by what they target. Lists arrive sorted by `namespace/name` and the first
 * policy for a target wins (Gateway API policy attachment breaks ties by age, then name;
 * the compiler sees no age). A policy with `targetRefs` (GEP-713) applies to each target;
 * a route target is local to the policy's namespace.
 */
export interface TargetIndex<T> {
  byRoute: Map<string, T>;
  byService: Map<string, T>;
}

type Targeted = {
  namespace: string;
  spec: { targetRef?: PolicyTargetRef | undefined; targetRefs?: PolicyTargetRef[] | undefined };
};

export function indexByTarget<P extends Targeted, T>(
  policies: readonly P[],
  compile: (p: P) => T | undefined,
): TargetIndex<T> {
  const index: TargetIndex<T> = { byRoute: new Map(), byService: new Map() };
  for (const p of policies) {
    let value: T | undefined;
    let compiled = false;
    for (const t of policyTargets(p.spec)) {
      const [map, key] =
        t.kind === "Service"
          ? [index.byService, serviceKey(t.namespace, t.name)]
          : [index.byRoute, routeKey({ kind: t.kind, namespace: p.namespace, name: t.name })];
      if (map.has(key)) continue;
      if (!compiled) {
        value = compile(p);
        compiled = true;
      }
      if (value !== undefined) map.set(key, value);
    }
  }
  return index;
}

/** Whether a policy targets the service `namespace/name` (by `targetRef` or among `targetRefs`). */
export function targetsService(
  spec: Targeted["spec"] | { targetRef?: { kind: string; name: string; namespace?: string } },
  key: string,
): boolean {
  return policyTargets(spec as Targeted["spec"]).some(
    (t) => t.kind === "Service" && serviceKey(t.namespace, t.name) === key,
  );
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
  const byRoute = route ? index.byRoute.get(routeKey(route)) : undefined;
  if (byRoute !== undefined) return byRoute;
  const byParent = index.byService.get(parentKey);
  if (byParent !== undefined) return byParent;
  const shared = backendKeys.map((k) => index.byService.get(k));
  return shared.length > 0 && shared.every((p) => p !== undefined && p === shared[0]) ? shared[0] : undefined;
}
