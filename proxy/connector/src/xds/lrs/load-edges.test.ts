import type { ConfigSnapshotV2, RouteV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import {
  defaultRoute,
  sampleSnapshotV2,
  v2Cluster,
  v2Endpoint,
  v2VirtualHost,
} from "../../testing/sample-snapshot-v2.ts";
import { edgesOfLoad } from "./load-edges.ts";
import { hostOf, routeOfCluster } from "./route-attribution.ts";

/** inventory (parent, GRPCRoute inventory-canary 90/10) → inventory-v1 / inventory-v2, each also dialable. */
function canary(): ConfigSnapshotV2 {
  const split: RouteV2 = {
    ...defaultRoute("default/inventory-v1", "inventory-canary"),
    source: { kind: "GRPCRoute", name: "inventory-canary" },
  };
  if (split.action.type !== "forward") throw new Error("unreachable");
  split.action.backends = [
    { cluster: "default/inventory-v1", weight: 9_000 },
    { cluster: "default/inventory-v2", weight: 1_000 },
  ];
  return sampleSnapshotV2(3, {
    virtualHosts: [
      v2VirtualHost("inventory", 50051, [split], "grpc"),
      v2VirtualHost("inventory-v1", 50051, [defaultRoute("default/inventory-v1")], "grpc"),
      v2VirtualHost("inventory-v2", 50051, [defaultRoute("default/inventory-v2")], "grpc"),
    ],
    clusters: ["inventory", "inventory-v1", "inventory-v2"].map((n) =>
      v2Cluster(n, [v2Endpoint("127.0.0.1", 4143, n)], { protocol: "grpc" }),
    ),
    inbound: [],
  });
}

const restock = { service: { name: "restock", namespace: "default" }, listeners: ["inventory"] };
const load = (cluster: string, ok: number, failed: number, dropped = 0) => ({
  cluster_name: cluster,
  cluster_service_name: cluster,
  upstream_locality_stats: [
    {
      total_successful_requests: String(ok),
      total_error_requests: String(failed),
      total_issued_requests: "0",
    },
  ],
  total_dropped_requests: String(dropped),
});

describe("routeOfCluster", () => {
  it("names the route of the service the client dialled that forwards to the cluster", () => {
    const s = canary();
    expect(routeOfCluster(s, ["inventory"], "default/inventory-v2")).toBe("inventory-canary");
    expect(routeOfCluster(s, ["inventory:50051"], "default/inventory-v1")).toBe("inventory-canary");
  });

  it("leaves a service's own default route, and an ambiguous cluster, unattributed", () => {
    const s = canary();
    expect(routeOfCluster(s, ["inventory-v1"], "default/inventory-v1")).toBe("");
    // Dialling both the parent and the version: the calls could be either route's.
    expect(routeOfCluster(s, ["inventory", "inventory-v1"], "default/inventory-v1")).toBe("");
    // No subscription known: every service counts, and each version's own route forwards to it too.
    expect(routeOfCluster(s, null, "default/inventory-v1")).toBe("");
    expect(routeOfCluster(s, null, "default/inventory-v2")).toBe("");
    // Subscribed to nothing: no route of a dialled service.
    expect(routeOfCluster(s, [], "default/inventory-v2")).toBe("");
  });

  it("keeps the route's name when its rules differ", () => {
    const s = canary();
    const rule = { ...s.virtualHosts[0]!.routes[0]!, label: "inventory-canary/by-header" };
    s.virtualHosts[0]!.routes.unshift(rule);
    expect(routeOfCluster(s, ["inventory"], "default/inventory-v2")).toBe("inventory-canary");
  });

  it("reads hosts from listener names with ports and IPv6 brackets", () => {
    expect(["inventory", "inventory:50051", "10.0.0.7:80", "[fd00::1]:80", "[fd00::2]"].map(hostOf)).toEqual([
      "inventory",
      "inventory",
      "10.0.0.7",
      "fd00::1",
      "fd00::2",
    ]);
  });
});

describe("edgesOfLoad", () => {
  it("turns a load report into the edges trellis-proxies send: finished calls, successes, drops as denials", () => {
    const edges = edgesOfLoad(
      [load("default/inventory-v1", 18, 2), load("default/inventory-v2", 2, 0, 1)],
      restock,
      canary(),
    );
    expect(edges).toEqual([
      {
        sourceService: "restock",
        sourceNamespace: "default",
        destinationService: "inventory-v1",
        destinationNamespace: "default",
        route: "inventory-canary",
        requests: 20,
        successes: 18,
        latencyBuckets: [],
        denied: {},
        retries: 0,
      },
      {
        sourceService: "restock",
        sourceNamespace: "default",
        destinationService: "inventory-v2",
        destinationNamespace: "default",
        route: "inventory-canary",
        requests: 3,
        successes: 2,
        latencyBuckets: [],
        denied: { circuit_open: 1 },
        retries: 0,
      },
    ]);
  });

  it("skips idle clusters, sums localities, and names clusters the snapshot no longer has by their name", () => {
    const twoLocalities = {
      cluster_name: "shop/gone",
      upstream_locality_stats: [
        { total_successful_requests: "3", total_error_requests: "1" },
        { total_successful_requests: 2, total_error_requests: 0 },
      ],
    };
    const edges = edgesOfLoad(
      [load("default/inventory-v1", 0, 0), twoLocalities, { cluster_name: "no-namespace" }],
      { service: null, listeners: null },
      null,
    );
    expect(
      edges.map((e) => [
        e.sourceService,
        e.destinationNamespace,
        e.destinationService,
        e.route,
        e.requests,
        e.successes,
      ]),
    ).toEqual([["", "shop", "gone", "", 6, 5]]);
  });
});
