import type { ConfigSnapshotV2, RouteV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { JwksCache } from "../policy/jwt.ts";
import { indexSnapshot } from "./index-snapshot.ts";
import { resolveHost, resolveRoute } from "./resolve.ts";
import type { MatchInput } from "./types.ts";

// Indexing resolves nothing: the snapshot's route order is the precedence, its weights and
// durations are used as they are. These pin the lookups and the refusals (NACK reasons).

const forward = (cluster: string, extra: Partial<Extract<RouteV2["action"], { type: "forward" }>> = {}) => ({
  type: "forward" as const,
  backends: [{ cluster, weight: 10_000 }],
  requestTimeoutMs: 0,
  backendRequestTimeoutMs: 0,
  mirrors: [],
  filters: {},
  ...extra,
});
const route = (label: string, match: Partial<RouteV2["match"]>, action: RouteV2["action"]): RouteV2 => ({
  label,
  source: { kind: "HTTPRoute", name: label, namespace: "shop" },
  match: { headers: [], queryParams: [], grpc: false, ...match },
  action,
});
const outlier = {
  source: { kind: "MeshDefault", name: "failure-accrual" },
  consecutiveFailures: 0,
  consecutiveConnectFailures: 3,
  baseEjectionMs: 5000,
  maxEjectionMs: 60_000,
  maxEjectionPercent: 50,
};
const cluster = (name: string, state: "ready" | "draining" = "ready") => ({
  name: `shop/${name}`,
  service: { name, namespace: "shop" },
  protocol: "http" as const,
  loadBalancer: "p2c-ewma" as const,
  connectTimeoutMs: 2000,
  endpoints: [
    { address: "10.0.0.1", port: 4143, identity: `spiffe://td/ns/shop/sa/${name}`, cluster: "c", state },
  ],
  outlierDetection: outlier,
});
const snapshot = (routes: RouteV2[]): ConfigSnapshotV2 => ({
  schema: "trellis.config/v2",
  mesh: { name: "m", trustDomain: "td" },
  cluster: "c",
  version: 7,
  settings: { mtlsMode: "strict", egressMode: "deny", certTtlSeconds: 86400 },
  trustBundle: [],
  virtualHosts: [
    {
      name: "shop/web",
      service: { name: "web", namespace: "shop" },
      hostnames: ["web", "web.shop"],
      addresses: ["10.96.0.10"],
      ports: [{ port: 80, protocol: "http" }],
      routes,
    },
  ],
  clusters: [cluster("web"), cluster("web-v2", "draining")],
  inbound: [],
});
const index = (s: ConfigSnapshotV2) =>
  indexSnapshot(s, {
    self: { service: "web", namespace: "shop", spiffeId: undefined },
    jwks: new JwksCache(),
    connectTimeoutMs: undefined,
  });
const input = (path: string, headers: Record<string, string> = {}): MatchInput => ({
  method: "GET",
  path,
  query: "",
  host: "web",
  authority: "web",
  port: 80,
  header: (n) => headers[n],
});

describe("indexing a v2 snapshot", () => {
  it("finds the virtual host by name, name:port and virtual IP:port", () => {
    const t = index(snapshot([route("r", {}, forward("shop/web"))]));
    for (const a of ["web", "WEB.shop:80", "web:8080", "10.96.0.10:80"])
      expect(resolveHost(t, a)?.vhost.key, a).toBe("shop/web");
    expect(resolveHost(t, "other")).toBeUndefined();
  });

  it("takes the first route whose match holds, in the snapshot's order", () => {
    const t = index(
      snapshot([
        route(
          "canary",
          { headers: [{ name: "x-canary", type: "Exact", value: "1" }] },
          forward("shop/web-v2"),
        ),
        route("api", { path: { type: "PathPrefix", value: "/api" } }, forward("shop/web")),
      ]),
    );
    const vhost = t.vhosts.get("shop/web")!;
    expect(resolveRoute(vhost, input("/api/x", { "x-canary": "1" }), false)?.metricLabel).toBe("canary");
    expect(resolveRoute(vhost, input("/api/x"), false)?.metricLabel).toBe("api");
    expect(resolveRoute(vhost, input("/apix"), false)).toBeUndefined(); // whole segments only
    expect(t.clusters.get("shop/web-v2")!.endpoints[0]!.draining).toBe(true);
  });

  it("refuses what it cannot enforce, naming where", () => {
    const bad = snapshot([
      route("re", { path: { type: "RegularExpression", value: "(" } }, forward("shop/web")),
    ]);
    expect(() => index(bad)).toThrow(/virtual host shop\/web, route 0 \(re\)/);
  });
});
