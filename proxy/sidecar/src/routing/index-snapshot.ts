import type { ClusterV2, ConfigSnapshotV2, RouteV2, VirtualHostV2 } from "@trellis/protocol/snapshot/v2";
import { indexCors } from "../filters/cors.ts";
import { indexHeaderModifier } from "../filters/header-modifier.ts";
import { indexFilters } from "../filters/index-filters.ts";
import { type InboundSelf, indexInbound } from "../policy/index-inbound.ts";
import { indexFault, indexLimits, indexOutlier, indexRetry } from "../policy/index-route-policies.ts";
import type { JwksCache } from "../policy/jwt.ts";
import { indexSession } from "../session/sticky.ts";
import { matchPredicate } from "./match.ts";
import type { Action, Cluster, HostEntry, Route, Table, VirtualHost } from "./types.ts";
import { weightedTable } from "./weighted.ts";

export type IndexOptions = {
  self: InboundSelf;
  jwks: JwksCache;
  /** `--connect-timeout-ms`: overrides each cluster's connect timeout when given. */
  connectTimeoutMs: number | undefined;
};

/**
 * Indexes a validated snapshot v2 into the table the hot path reads. Pure: the same
 * snapshot gives an equal table, and nothing here touches a socket. Nothing is resolved
 * here — the snapshot says which route wins, which policy applies and how long everything
 * takes; this builds lookups and compiles match predicates. Throws with a reason when
 * something cannot be enforced (a regular expression that does not compile, an http
 * `jwksUri`): the caller NACKs the snapshot and keeps the previous table.
 */
export function indexSnapshot(s: ConfigSnapshotV2, o: IndexOptions, schema: string = s.schema): Table {
  const clusters = new Map(s.clusters.map((c) => [c.name, clusterOf(c, o.connectTimeoutMs)]));
  const vhosts = new Map<string, VirtualHost>();
  const hosts = new Map<string, HostEntry>();
  const stateKeys = new Set<string>();
  for (const v of s.virtualHosts) {
    const vhost = vhostOf(v, clusters, stateKeys);
    vhosts.set(vhost.key, vhost);
    for (const h of v.hostnames) {
      const host = h.toLowerCase();
      if (!hosts.has(host)) hosts.set(host, { vhost, port: undefined });
      for (const port of vhost.ports.keys()) hosts.set(`${host}:${port}`, { vhost, port });
    }
    for (const a of v.addresses)
      for (const port of vhost.ports.keys()) hosts.set(`${a}:${port}`, { vhost, port });
  }
  const inbound = indexInbound(s, o.self, o.jwks);
  for (const rl of inbound.rateLimits) stateKeys.add(rl.limit.stateKey);
  return {
    version: s.version,
    schema,
    meshName: s.mesh.name,
    trustDomain: s.mesh.trustDomain,
    cluster: s.cluster,
    settings: { mtlsMode: s.settings.mtlsMode, egressMode: s.settings.egressMode },
    trustBundle: s.trustBundle,
    hosts,
    vhosts,
    clusters,
    inbound,
    stateKeys,
  };
}

function clusterOf(c: ClusterV2, connectTimeoutOverrideMs: number | undefined): Cluster {
  const connectTimeoutMs = connectTimeoutOverrideMs ?? c.connectTimeoutMs;
  return {
    key: c.name,
    name: c.service.name,
    namespace: c.service.namespace,
    protocol: c.protocol,
    loadBalancer: c.loadBalancer,
    endpoints: c.endpoints.map((e) => ({
      address: e.address,
      port: e.port,
      identity: e.identity,
      connectTimeoutMs,
      draining: e.state === "draining",
    })),
    limits: indexLimits(c.limits),
    outlier: indexOutlier(c.outlierDetection),
  };
}

function vhostOf(
  v: VirtualHostV2,
  clusters: ReadonlyMap<string, Cluster>,
  stateKeys: Set<string>,
): VirtualHost {
  const key = `${v.service.namespace}/${v.service.name}`;
  return {
    key,
    name: v.service.name,
    namespace: v.service.namespace,
    hostnames: v.hostnames,
    ports: new Map(v.ports.map((p) => [p.port, p.protocol])),
    routes: v.routes.map((r, i) => {
      try {
        return routeOf(r, clusters, stateKeys);
      } catch (err) {
        throw new Error(`virtual host ${key}, route ${i} (${r.label}): ${(err as Error).message}`);
      }
    }),
  };
}

function routeOf(r: RouteV2, clusters: ReadonlyMap<string, Cluster>, stateKeys: Set<string>): Route {
  const fromRoute = r.source.kind === "HTTPRoute" || r.source.kind === "GRPCRoute";
  return {
    // A service's own route keeps the empty label metrics always had for direct calls.
    metricLabel: fromRoute ? r.label : "",
    routeHeader: fromRoute ? `${r.source.kind}/${r.label}` : "",
    source: r.source,
    port: r.port,
    grpc: r.match.grpc,
    test: matchPredicate(r.match),
    action: actionOf(r.action, clusters, stateKeys),
  };
}

function actionOf(
  a: RouteV2["action"],
  clusters: ReadonlyMap<string, Cluster>,
  stateKeys: Set<string>,
): Action {
  if (a.type === "direct-response") return a;
  if (a.type === "redirect") {
    const { responseHeaders, type: _, ...redirect } = a;
    return {
      type: "redirect",
      redirect,
      responseHeaders: responseHeaders ? indexHeaderModifier(responseHeaders) : undefined,
    };
  }
  if (a.retry) stateKeys.add(a.retry.stateKey);
  const backends = a.backends.map((b) => ({
    // The snapshot's reference check guarantees the cluster exists.
    cluster: clusters.get(b.cluster)!,
    filters: b.filters ? indexFilters(b.filters) : undefined,
    weight: b.weight,
  }));
  return {
    type: "forward",
    backends: weightedTable(backends, (b) => b.weight),
    requestTimeoutMs: a.requestTimeoutMs,
    backendRequestTimeoutMs: a.backendRequestTimeoutMs,
    retry: a.retry ? indexRetry(a.retry) : undefined,
    fault: a.fault ? indexFault(a.fault) : undefined,
    mirrors: a.mirrors,
    filters: indexFilters(a.filters),
    cors: indexCors(a.cors),
    session: indexSession(a.sessionPersistence),
  };
}
