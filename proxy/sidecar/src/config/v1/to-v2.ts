import { parseDurationMs } from "@trellis/protocol/duration";
import { type HTTPRouteMatch, policyTargets } from "@trellis/protocol/resources";
import type { ConfigSnapshot } from "@trellis/protocol/snapshot";
import type { ConfigSnapshotV2, InboundV2, RateLimitV2, RouteV2 } from "@trellis/protocol/snapshot/v2";
import { httpMatch } from "./matches.ts";
import { authorizationOf, breakerOf, faultOf, meshDefaultOutlier, retryOf } from "./policies.ts";
import { defaultRoutes, entriesByService, type RoutePolicies, routesOf } from "./routes.ts";

/**
 * Reading `trellis.config/v1` for one release (a connector of the previous release sends
 * only v1): the snapshot is turned into the v2 the control plane would have compiled from
 * the same resources, then indexed like any v2 — so the proxy has one data path. This is
 * the only place the proxy still attaches policies, orders routes and parses durations;
 * it goes with v1. Equivalent to v2 except where v1 cannot say it: every name is in one
 * namespace, and a fault limited by `matches` whose path cannot be combined with its
 * route's is left out of that route.
 */
export function v1ToV2(s: ConfigSnapshot): ConfigSnapshotV2 {
  const byName = <T extends { name: string }>(l: readonly T[]) =>
    [...l].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const policies: RoutePolicies = { retries: attach(), faults: attach() };
  for (const p of byName(s.retryPolicies))
    for (const t of policyTargets(p.spec)) put(policies.retries, t, retryOf(p.name, p.generation, p.spec));
  for (const p of byName(s.faultInjections)) {
    const matches = (p.spec.matches ?? []).map((m: HTTPRouteMatch) => httpMatch(m).match);
    for (const t of policyTargets(p.spec))
      put(policies.faults, t, { fault: faultOf(p.name, p.spec), matches });
  }
  const known = new Set(s.services.map((x) => `${x.namespace}/${x.name}`));
  const entries = entriesByService(s);
  const virtualHosts = s.services.map((svc) => {
    const k = `${svc.namespace}/${svc.name}`;
    const list = entries.get(k) ?? [];
    const routes: RouteV2[] = list.flatMap((e) => routesOf(e, k, known, policies));
    if (list.length === 0) routes.push(...defaultRoutes(svc, undefined, policies));
    else if (list.every((e) => e.port !== undefined)) {
      const covered = new Set(list.map((e) => e.port));
      for (const p of svc.ports)
        if (!covered.has(p.port)) routes.push(...defaultRoutes(svc, p.port, policies));
    }
    return {
      name: k,
      service: { name: svc.name, namespace: svc.namespace },
      hostnames: svc.hostnames.map((h) => h.toLowerCase()),
      addresses: [],
      ports: svc.ports,
      routes,
    };
  });
  const clusters = s.services.map((svc) => {
    const breaker = byName(s.circuitBreakers).find((b) => targets(b.spec, svc));
    const { limits, outlier } = breaker ? breakerOf(breaker.name, breaker.spec) : {};
    const protocols = ["tcp", "http", "http2", "grpc"] as const;
    return {
      name: `${svc.namespace}/${svc.name}`,
      service: { name: svc.name, namespace: svc.namespace },
      protocol: protocols[Math.max(0, ...svc.ports.map((p) => protocols.indexOf(p.protocol)))]!,
      loadBalancer: svc.loadBalancer,
      connectTimeoutMs: 2000,
      endpoints: svc.endpoints
        .filter((e) => e.ready)
        .map((e) => ({
          address: e.address,
          port: e.port,
          identity: e.identity,
          cluster: e.cluster,
          state: "ready" as const,
        })),
      ...(limits ? { limits } : {}),
      outlierDetection: outlier ?? meshDefaultOutlier,
    };
  });
  return {
    schema: "trellis.config/v2",
    mesh: s.mesh,
    cluster: s.cluster,
    version: s.version,
    settings: {
      mtlsMode: s.settings.mtlsMode,
      egressMode: s.settings.egressMode,
      certTtlSeconds: s.settings.certTtlSeconds,
    },
    trustBundle: s.trustBundle,
    virtualHosts,
    clusters,
    inbound: inboundOf(s, virtualHosts, byName),
  };
}

function inboundOf(
  s: ConfigSnapshot,
  virtualHosts: { routes: RouteV2[] }[],
  byName: <T extends { name: string }>(l: readonly T[]) => T[],
): InboundV2[] {
  const labels = new Map<string, Set<string>>();
  const routes = virtualHosts.flatMap((v) => v.routes).filter((r) => r.source.kind !== "Service");
  for (const r of routes)
    for (const n of [r.source.name, r.source.rule].filter((x): x is string => !!x))
      labels.set(n, (labels.get(n) ?? new Set()).add(r.label));
  const labelsOf = (name: string) => [...(labels.get(name) ?? [name])];
  const limits = new Map<string, RateLimitV2[]>();
  const add = (k: string, rl: RateLimitV2) => limits.set(k, [...(limits.get(k) ?? []), rl]);
  for (const p of byName(s.rateLimits))
    for (const t of policyTargets(p.spec)) {
      const base = {
        source: { kind: "RateLimit", name: p.name },
        stateKey: `rl:${p.name}@${p.generation}`,
        requests: p.spec.requests,
        perMs: Math.max(1, parseDurationMs(p.spec.per)),
        burst: p.spec.burst ?? p.spec.requests,
        perClientIdentity: p.spec.perClientIdentity,
      };
      if (t.kind === "Service") add(`${t.namespace}/${t.name}`, base);
      else
        for (const r of routes)
          if (r.source.kind === t.kind && r.source.name === t.name && r.action.type === "forward")
            for (const b of r.action.backends) add(b.cluster, { ...base, route: r.label });
    }
  const mesh = { name: s.mesh.name, trustDomain: s.mesh.trustDomain };
  return s.services.map((svc) => {
    const k = `${svc.namespace}/${svc.name}`;
    const mine = byName(s.authorizationPolicies).filter((p) => targets(p.spec, svc));
    const ordered = [
      ...mine.filter((p) => p.spec.action === "DENY"),
      ...mine.filter((p) => p.spec.action === "ALLOW"),
    ];
    const policies = ordered.map((p) => authorizationOf(p.name, p.spec, mesh, labelsOf));
    const rateLimits = dedupe(limits.get(k) ?? []);
    const needsHttp = policies.some((p) => p.jwt || p.rules.some((r) => r.to.length > 0));
    return {
      service: { name: svc.name, namespace: svc.namespace },
      defaultAction: s.settings.defaultPolicy,
      policies,
      rateLimits,
      l4PassThrough: svc.ports.every((p) => p.protocol === "tcp") || (rateLimits.length === 0 && !needsHttp),
    };
  });
}

function dedupe(list: RateLimitV2[]): RateLimitV2[] {
  const seen = new Set<string>();
  return list.filter((rl) => {
    const k = `${rl.stateKey}|${rl.route ?? ""}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

type Target = { kind: string; name: string; namespace?: string | undefined };

/** Whether a policy targets a service (by `targetRef` or among `targetRefs`). */
function targets(
  spec: { targetRef?: Target | undefined; targetRefs?: Target[] | undefined },
  svc: { name: string; namespace: string },
) {
  return policyTargets(spec).some(
    (t) => t.kind === "Service" && t.namespace === svc.namespace && t.name === svc.name,
  );
}

function attach<T>(): { byRoute: Map<string, T>; byService: Map<string, T> } {
  return { byRoute: new Map(), byService: new Map() };
}

function put<T>(a: { byRoute: Map<string, T>; byService: Map<string, T> }, t: Target, v: T): void {
  const [map, k] =
    t.kind === "Service" ? [a.byService, `${t.namespace}/${t.name}`] : [a.byRoute, `${t.kind}/${t.name}`];
  if (!map.has(k)) map.set(k, v);
}
