import { parseDurationMs } from "@trellis/protocol/duration";
import type { ConfigSnapshot, SnapshotService } from "@trellis/protocol/snapshot";
import { compileFilters } from "../filters/compile.ts";
import { compilePolicies, type PolicySelf } from "../policy/compile.ts";
import type { JwksCache } from "../policy/jwt.ts";
import { compareRank, compileGrpcMatch, compileHttpMatch } from "./match.ts";
import type {
  CompiledBackend,
  CompiledMatch,
  CompiledRule,
  CompiledService,
  HostEntry,
  RoutingTable,
} from "./types.ts";
import { weightedTable } from "./weighted.ts";

type RouteTimeouts = { request?: string | undefined; backendRequest?: string | undefined } | undefined;
type BackendRef = { name: string; namespace: string; port?: number | undefined; weight: number };
type Named<S> = { name: string; spec: S };
type HttpRoute = ConfigSnapshot["httpRoutes"][number];
type GrpcRoute = ConfigSnapshot["grpcRoutes"][number];

/**
 * Compiles a validated snapshot into the routing table the hot path reads. Pure: the
 * same snapshot gives an equal table, and nothing here touches a socket. Throws with a
 * human-readable reason when the snapshot cannot be applied (the caller NACKs it).
 */
export function compileRoutingTable(
  snapshot: ConfigSnapshot,
  self?: PolicySelf,
  jwks?: JwksCache,
): RoutingTable {
  const services = new Map<
    string,
    CompiledService & { httpMatches: CompiledMatch[]; grpcMatches: CompiledMatch[] }
  >();
  for (const s of snapshot.services) {
    const key = serviceKey(s.namespace, s.name);
    if (services.has(key)) throw new Error(`service ${key} appears twice`);
    services.set(key, baseService(s, key));
  }
  const hosts = new Map<string, HostEntry>();
  for (const svc of services.values()) {
    for (const h of svc.hostnames) {
      const host = h.toLowerCase();
      if (!hosts.has(host)) hosts.set(host, { service: svc, port: undefined });
      for (const port of svc.ports.keys()) hosts.set(`${host}:${port}`, { service: svc, port });
    }
  }
  const attach = (kind: "http" | "grpc", route: Named<HttpRoute["spec"] | GrpcRoute["spec"]>) => {
    for (const parent of route.spec.parentRefs) {
      const svc = services.get(serviceKey(parent.namespace, parent.name));
      if (!svc) continue; // a route for a service this cluster does not see
      const matches = compileRouteMatches(kind, route, parent.port, services);
      (kind === "http" ? svc.httpMatches : svc.grpcMatches).push(...matches);
    }
  };
  for (const r of snapshot.httpRoutes) attach("http", r);
  for (const r of snapshot.grpcRoutes) attach("grpc", r);
  for (const svc of services.values()) {
    svc.httpMatches.sort(byPrecedence);
    svc.grpcMatches.sort(byPrecedence);
  }
  const policies = compilePolicies(snapshot, services, self, jwks);
  return {
    policies,
    version: snapshot.version,
    meshName: snapshot.mesh.name,
    trustDomain: snapshot.mesh.trustDomain,
    cluster: snapshot.cluster,
    settings: snapshot.settings,
    trustBundle: snapshot.trustBundle,
    hosts,
    services,
  };
}

export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function baseService(s: SnapshotService, key: string) {
  return {
    key,
    name: s.name,
    namespace: s.namespace,
    hostnames: s.hostnames,
    ports: new Map(s.ports.map((p) => [p.port, p.protocol])),
    endpoints: s.endpoints.filter((e) => e.ready),
    loadBalancer: s.loadBalancer,
    httpMatches: [] as CompiledMatch[],
    grpcMatches: [] as CompiledMatch[],
  };
}

function compileRouteMatches(
  kind: "http" | "grpc",
  route: Named<HttpRoute["spec"] | GrpcRoute["spec"]>,
  parentPort: number | undefined,
  services: ReadonlyMap<string, CompiledService>,
): CompiledMatch[] {
  const out: CompiledMatch[] = [];
  const hostnames = route.spec.hostnames?.length
    ? route.spec.hostnames.map((h) => h.toLowerCase())
    : undefined;
  route.spec.rules.forEach((rawRule, ruleIndex) => {
    const matches = (rawRule.matches ?? []) as unknown[];
    const list = matches.length > 0 ? matches : [{}];
    const compiledMatches = list.map((m) =>
      kind === "http"
        ? compileHttpMatch(m as Parameters<typeof compileHttpMatch>[0])
        : { ...compileGrpcMatch(m as Parameters<typeof compileGrpcMatch>[0]), pathPrefix: "/" },
    );
    const hasRegex = compiledMatches.some((c) => c.pathPrefix === undefined);
    const rule = compileRule(kind, route.name, rawRule, services, hasRegex);
    compiledMatches.forEach((compiled, matchIndex) => {
      out.push({
        rule,
        parentPort,
        hostnames,
        test: compiled.test,
        pathPrefix: compiled.pathPrefix ?? "/",
        rank: [hostnames ? 1 : 0, ...compiled.rank],
        order: `${route.name}\u0000${pad(ruleIndex)}\u0000${pad(matchIndex)}`,
      });
    });
  });
  return out;
}

function compileRule(
  kind: "http" | "grpc",
  routeName: string,
  rule: {
    name?: string | undefined;
    backendRefs?: BackendRef[] | undefined;
    timeouts?: RouteTimeouts;
    filters?: Parameters<typeof compileFilters>[0] | undefined;
  },
  services: ReadonlyMap<string, CompiledService>,
  hasRegexPathMatch: boolean,
): CompiledRule {
  const backends: CompiledBackend[] = (rule.backendRefs ?? []).map((ref) => ({
    service: services.get(serviceKey(ref.namespace, ref.name)),
    ref: serviceKey(ref.namespace, ref.name),
    port: ref.port,
    weight: ref.weight,
  }));
  const requestTimeoutMs = durationMs(rule.timeouts?.request);
  const backendTimeoutMs = durationMs(rule.timeouts?.backendRequest);
  if (requestTimeoutMs && backendTimeoutMs > requestTimeoutMs) {
    throw new Error(`route ${routeName}: timeouts.backendRequest exceeds timeouts.request`);
  }
  const label = rule.name ? `${routeName}/${rule.name}` : routeName;
  return {
    label,
    routeKind: kind === "http" ? "HTTPRoute" : "GRPCRoute",
    routeName,
    ruleName: rule.name,
    backends: weightedTable(backends, (b) => b.weight),
    requestTimeoutMs,
    backendTimeoutMs,
    filters: compileFilters(rule.filters ?? [], `route ${label}`, hasRegexPathMatch),
  };
}

// Gateway API: a zero duration disables the timeout.
function durationMs(value: string | undefined): number {
  return value === undefined ? 0 : parseDurationMs(value);
}

function byPrecedence(a: CompiledMatch, b: CompiledMatch): number {
  return compareRank(a.rank, b.rank) || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0);
}

function pad(n: number): string {
  return String(n).padStart(4, "0");
}
