import { describe, expect, it } from "vitest";
import { type ConfigSnapshotV2, parseConfigSnapshotV2 } from "./index.ts";

const td = "spiffe://shop.trellis.local";
const outlierDefault = {
  source: { kind: "MeshDefault", name: "failure-accrual" },
  consecutiveFailures: 0,
  consecutiveConnectFailures: 3,
  baseEjectionMs: 5000,
  maxEjectionMs: 60_000,
  maxEjectionPercent: 50,
};

function canary(): ConfigSnapshotV2 {
  const cluster = (name: string) => ({
    name: `default/${name}`,
    service: { name, namespace: "default" },
    protocol: "http" as const,
    loadBalancer: "p2c-ewma" as const,
    connectTimeoutMs: 1000,
    endpoints: [
      {
        address: "10.0.0.1",
        port: 4143,
        identity: `${td}/ns/default/sa/${name}`,
        cluster: "local",
        state: "ready" as const,
      },
    ],
    outlierDetection: outlierDefault,
  });
  return {
    schema: "trellis.config/v2",
    mesh: { name: "shop", trustDomain: "shop.trellis.local" },
    cluster: "local",
    version: 7,
    settings: { mtlsMode: "strict", egressMode: "allow", certTtlSeconds: 86_400 },
    trustBundle: ["-----BEGIN CERTIFICATE-----\n…"],
    virtualHosts: [
      {
        name: "default/catalog",
        service: { name: "catalog", namespace: "default" },
        hostnames: ["catalog", "catalog.default"],
        addresses: [],
        ports: [{ port: 8080, protocol: "http" }],
        routes: [
          {
            label: "catalog-split",
            source: { kind: "HTTPRoute", name: "catalog-split", namespace: "default" },
            match: { path: { type: "PathPrefix", value: "/" }, headers: [], queryParams: [], grpc: false },
            action: {
              type: "forward",
              backends: [
                { cluster: "default/catalog-v1", weight: 9000 },
                { cluster: "default/catalog-v2", weight: 1000 },
              ],
              requestTimeoutMs: 0,
              backendRequestTimeoutMs: 0,
              mirrors: [],
              filters: {},
            },
          },
        ],
      },
    ],
    clusters: [cluster("catalog-v1"), cluster("catalog-v2")],
    inbound: [
      {
        service: { name: "catalog-v1", namespace: "default" },
        defaultAction: "allow",
        policies: [],
        rateLimits: [],
        l4PassThrough: true,
      },
    ],
  };
}

describe("snapshot v2", () => {
  it("accepts a resolved canary split", () => {
    const r = parseConfigSnapshotV2(canary());
    expect(r.ok).toBe(true);
  });

  it("refuses a backend that names no cluster, by pointer", () => {
    const s = canary();
    const route = s.virtualHosts[0]!.routes[0]!;
    if (route.action.type === "forward") route.action.backends[1]!.cluster = "default/nowhere";
    const r = parseConfigSnapshotV2(s);
    expect(r).toEqual({
      ok: false,
      error:
        "snapshot trellis.config/v2: /virtualHosts/0/routes/0/action/backends/1/cluster: no cluster default/nowhere",
    });
  });

  it("refuses unresolved durations and out-of-range shares", () => {
    const s = canary() as unknown as { clusters: { connectTimeoutMs: unknown }[] };
    s.clusters[0]!.connectTimeoutMs = "1s";
    const r = parseConfigSnapshotV2(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("/clusters/0/connectTimeoutMs");
  });

  it("refuses a duplicate cluster name", () => {
    const s = canary();
    s.clusters.push(structuredClone(s.clusters[0]!));
    const r = parseConfigSnapshotV2(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("cluster default/catalog-v1 appears twice");
  });
});
