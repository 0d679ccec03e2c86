import type {
  ClusterV2,
  ConfigSnapshotV2,
  EndpointV2,
  InboundV2,
  OutlierV2,
  RouteV2,
  VirtualHostV2,
} from "@trellis/protocol/snapshot/v2";

/**
 * Builders of `trellis.config/v2` snapshots for tests, shaped as the control plane's
 * compiler emits them: every default filled in, so the JSON round-trips unchanged.
 */

export const sampleTrustDomain = "demo.trellis.test";

export const meshDefaultOutlier: OutlierV2 = {
  source: { kind: "MeshDefault", name: "failure-accrual" },
  consecutiveFailures: 0,
  consecutiveConnectFailures: 3,
  baseEjectionMs: 5_000,
  maxEjectionMs: 60_000,
  maxEjectionPercent: 50,
};

export function identityOf(serviceAccount: string, namespace = "default"): string {
  return `spiffe://${sampleTrustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

export function v2Endpoint(address: string, port: number, serviceAccount: string): EndpointV2 {
  return { address, port, identity: identityOf(serviceAccount), cluster: "clu_test", state: "ready" };
}

/** A cluster `default/<name>` for service `<name>`. */
export function v2Cluster(name: string, endpoints: EndpointV2[], extra: Partial<ClusterV2> = {}): ClusterV2 {
  return {
    name: `default/${name}`,
    service: { name, namespace: "default" },
    protocol: "http",
    loadBalancer: "round-robin",
    connectTimeoutMs: 1_000,
    endpoints,
    outlierDetection: meshDefaultOutlier,
    ...extra,
  };
}

/** The route a service has when no route attaches to it: everything to its own cluster. */
export function defaultRoute(cluster: string, label = "default"): RouteV2 {
  return {
    label,
    source: { kind: "Service", name: cluster.split("/")[1] ?? cluster },
    match: { path: { type: "PathPrefix", value: "/" }, headers: [], queryParams: [], grpc: false },
    action: {
      type: "forward",
      backends: [{ cluster, weight: 10_000 }],
      requestTimeoutMs: 0,
      backendRequestTimeoutMs: 0,
      mirrors: [],
      filters: {},
    },
  };
}

export function v2VirtualHost(
  name: string,
  port: number,
  routes: RouteV2[],
  protocol: "http" | "http2" | "grpc" | "tcp" = "http",
): VirtualHostV2 {
  return {
    name: `default/${name}`,
    service: { name, namespace: "default" },
    hostnames: [name, `${name}.default`, `${name}.default.svc.cluster.local`],
    addresses: [],
    ports: [{ port, protocol }],
    routes,
  };
}

export function v2Inbound(service: string, extra: Partial<InboundV2> = {}): InboundV2 {
  return {
    service: { name: service, namespace: "default" },
    defaultAction: "allow",
    policies: [],
    rateLimits: [],
    l4PassThrough: true,
    ...extra,
  };
}

/**
 * The v2 rendering of `sampleSnapshot` (v1): service `web` with one endpoint and its
 * default route. `overrides` replace top-level fields.
 */
export function sampleSnapshotV2(
  version: number,
  overrides: Partial<ConfigSnapshotV2> = {},
): ConfigSnapshotV2 {
  return {
    schema: "trellis.config/v2",
    mesh: { name: "demo", trustDomain: sampleTrustDomain },
    cluster: "clu_test",
    version,
    settings: { mtlsMode: "strict", egressMode: "allow", certTtlSeconds: 86_400 },
    trustBundle: [],
    virtualHosts: [v2VirtualHost("web", 8080, [defaultRoute("default/web")])],
    clusters: [v2Cluster("web", [v2Endpoint("127.0.0.1", 4143, "web")], { loadBalancer: "p2c-ewma" })],
    inbound: [v2Inbound("web")],
    ...overrides,
  };
}

export function samplePayloadV2(version: number, overrides: Partial<ConfigSnapshotV2> = {}): Buffer {
  return Buffer.from(JSON.stringify(sampleSnapshotV2(version, overrides)));
}
