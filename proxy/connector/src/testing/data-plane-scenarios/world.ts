import type { ConfigSnapshotV2, RouteV2 } from "@trellis/protocol/snapshot/v2";
import type { EchoBehaviour } from "../echo-service.ts";
import {
  defaultRoute,
  meshDefaultOutlier,
  v2Cluster,
  v2Inbound,
  v2VirtualHost,
} from "../sample-snapshot-v2.ts";

/**
 * The mesh every data-plane scenario runs in: a client workload calling service `catalog`
 * (port 8080, gRPC), whose routes pick between the services `catalog-v1` and `catalog-v2`
 * (one Echo server each). A data plane under test (proxyless gRPC through the connector's
 * xDS server, Envoy, trellis-proxy) says where those servers are reached and who they are.
 */
export type ServerName = "catalog-v1" | "catalog-v2";
export const serverNames: ServerName[] = ["catalog-v1", "catalog-v2"];

export type ScenarioWorld = {
  trustDomain: string;
  trustBundle: string[];
  clientIdentity: string;
  /** Where a caller reaches each server: the server itself (proxyless) or its sidecar's inbound port. */
  endpoints: Record<ServerName, { address: string; port: number; identity: string }>;
};

export const catalogHost = "catalog";
export const catalogPort = 8080;

/** A route of `catalog` (precedence is list order). */
export function route(
  label: string,
  match: Partial<RouteV2["match"]>,
  action: Partial<Extract<RouteV2["action"], { type: "forward" }>>,
): RouteV2 {
  const base = defaultRoute("default/catalog-v1", label);
  return {
    ...base,
    source: { kind: "GRPCRoute", name: label, namespace: "default" },
    match: { ...base.match, grpc: true, ...match },
    action: { ...(base.action as Extract<RouteV2["action"], { type: "forward" }>), ...action },
  };
}

/** The scenario mesh as a v2 snapshot; `edit` changes what the scenario is about. */
export function worldSnapshot(
  world: ScenarioWorld,
  version: number,
  edit: (s: ConfigSnapshotV2) => void = () => {},
): ConfigSnapshotV2 {
  const cluster = (name: ServerName) => {
    const e = world.endpoints[name];
    return v2Cluster(
      name,
      [{ address: e.address, port: e.port, identity: e.identity, cluster: "clu_test", state: "ready" }],
      {
        protocol: "grpc",
        outlierDetection: meshDefaultOutlier,
      },
    );
  };
  const snapshot: ConfigSnapshotV2 = {
    schema: "trellis.config/v2",
    mesh: { name: "demo", trustDomain: world.trustDomain },
    cluster: "clu_test",
    version,
    settings: { mtlsMode: "strict", egressMode: "allow", certTtlSeconds: 86_400 },
    trustBundle: world.trustBundle,
    virtualHosts: [v2VirtualHost(catalogHost, catalogPort, [route("catalog", {}, {})], "grpc")],
    clusters: [cluster("catalog-v1"), cluster("catalog-v2")],
    inbound: [
      v2Inbound("catalog-v1", { l4PassThrough: false }),
      v2Inbound("catalog-v2", { l4PassThrough: false }),
    ],
  };
  edit(snapshot);
  return snapshot;
}

/** What must hold for the results of one batch of calls. */
export type Expectation = {
  /** Every call ended with this gRPC status. */
  status?: "OK" | "UNAVAILABLE" | "DEADLINE_EXCEEDED" | "PERMISSION_DENIED" | "RESOURCE_EXHAUSTED";
  /** Share of all calls served by each server, as [min, max] fractions. */
  servedBy?: Partial<Record<ServerName, [number, number]>>;
  /** Every successful call reached the server with the client workload's verified identity. */
  peerIsClient?: boolean;
  /** Every call took at least this long (a delay fault; a lower bound, never an upper one). */
  minElapsedMs?: number;
};

export type ScenarioStep = {
  behaviours?: Partial<Record<ServerName, EchoBehaviour>>;
  calls: { count: number; metadata?: Record<string, string>; deadlineMs?: number };
  expect: Expectation;
  /** Repeat the batch (behaviours re-applied) until the expectation holds; default 5 s. */
  withinMs?: number;
};

export type DataPlaneScenario = {
  name: string;
  snapshot: (world: ScenarioWorld, version: number) => ConfigSnapshotV2;
  steps: ScenarioStep[];
};
