import type { RouteV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { golden } from "../testing/golden.ts";
import { compileV2, endpoint, meshInput, resource, service, vhost } from "../testing/mesh-fixtures.ts";
import { meshDefaultOutlier, unlimited } from "./circuit-breakers.ts";
import { meshDefaultRetry } from "./retries.ts";

const shop = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: "shop", ...extra });
const action = (r: RouteV2) => {
  if (r.action.type !== "forward") throw new Error(`route ${r.label} is ${r.action.type}`);
  return r.action;
};

const input = meshInput({
  services: [
    service("web"),
    service("web-v2"),
    service("cart"),
    service("pay", { ports: [{ port: 9000, protocol: "grpc" }] }),
    service("db", { ports: [{ port: 5432, protocol: "tcp" }] }),
  ],
  resources: [
    resource("HTTPRoute", "web", {
      parentRefs: [shop("web")],
      rules: [
        { matches: [{ path: { value: "/checkout" } }], backendRefs: [shop("web")] },
        { backendRefs: [shop("web", { weight: 9 }), shop("web-v2", { weight: 1 })] },
      ],
    }),
    resource(
      "RetryPolicy",
      "web-route",
      {
        targetRef: { kind: "HTTPRoute", name: "web" },
        retryOn: ["5xx"],
        attempts: 4,
        perTryTimeout: "300ms",
        backoff: { baseInterval: "50ms", maxInterval: "1s" },
      },
      3,
    ),
    resource("RetryPolicy", "web-service", { targetRef: shop("web", { kind: "Service" }), attempts: 5 }),
    resource("RetryPolicy", "zz-web-service", { targetRef: shop("web", { kind: "Service" }), attempts: 9 }),
    resource("RetryPolicy", "pay", {
      targetRef: shop("pay", { kind: "Service" }),
      retryOn: ["reset"],
      grpcRetryOn: ["unavailable", "cancelled"],
    }),
    resource("RetryPolicy", "db", { targetRef: shop("db", { kind: "Service" }) }),
    resource("FaultInjection", "cart-chaos", {
      targetRef: shop("cart", { kind: "Service" }),
      delay: { fixedDelay: "250ms", percent: 0.5 },
      abort: { grpcStatus: "UNAVAILABLE", percent: 10 },
    }),
    resource("FaultInjection", "web-checkout", {
      targetRef: { kind: "HTTPRoute", name: "web" },
      matches: [
        { path: { value: "/checkout/pay" }, method: "POST" },
        { headers: [{ name: "X-Chaos", value: "on" }] },
        { path: { value: "/elsewhere" } },
      ],
      abort: { httpStatus: 503, percent: 100 },
    }),
    resource("CircuitBreaker", "web", {
      targetRef: shop("web", { kind: "Service" }),
      limits: { maxConcurrentRequests: 100 },
      outlierDetection: { consecutiveFailures: 7, baseEjectionTime: "10s" },
    }),
    resource("CircuitBreaker", "cart", {
      targetRef: shop("cart", { kind: "Service" }),
      limits: { maxConnections: 10, maxPendingRequests: 0 },
    }),
  ],
});

describe("snapshot v2: retries", () => {
  it("attaches a RetryPolicy route over service (first by name), keeping the connect-failure retry", () => {
    const s = compileV2(input);
    // Entries 2 and 6 are the route's own (see the fault split below).
    const routes = vhost(s, "web").routes;
    const [checkout, split] = [routes[2], routes[6]];
    expect(action(split!).retry).toEqual({
      source: { kind: "RetryPolicy", name: "web-route", namespace: "default" },
      stateKey: "retry:default/web-route@3",
      retryOn: ["5xx", "connect-failure"],
      retryOnStatus: [],
      retryOnGrpc: [],
      attempts: 4,
      perTryTimeoutMs: 300,
      backoff: { baseMs: 50, maxMs: 1000 },
      budget: { percent: 20, minPerSecond: 10, ttlMs: 10_000 },
      retryNonIdempotent: false,
      maxReplayBodyBytes: 65_536,
      connectRetryWindowMs: 2000,
    });
    expect(action(checkout!).retry?.stateKey).toBe("retry:default/web-route@3");
    // The default route of web itself is reached through the service, not the route.
    expect(action(vhost(s, "web-v2").routes[0]!).retry).toEqual(meshDefaultRetry);
    expect(action(vhost(s, "pay").routes[0]!).retry).toMatchObject({
      retryOn: ["reset", "connect-failure"],
      retryOnGrpc: [1, 14],
    });
    golden("v2/policies", s);
  });

  it("puts the mesh default retry on every HTTP route no policy reaches, and none on opaque TCP", () => {
    const s = compileV2(input);
    expect(meshDefaultRetry).toMatchObject({ retryOn: ["connect-failure"], attempts: 2 });
    expect(action(vhost(s, "cart").routes.at(-1)!).retry).toEqual(meshDefaultRetry);
    expect(action(vhost(s, "db").routes[0]!).retry).toBeUndefined();
  });
});

describe("snapshot v2: faults", () => {
  it("resolves percentages to parts per million and an abort's other status by gRPC's mapping", () => {
    const cart = vhost(compileV2(input), "cart").routes;
    expect(cart).toHaveLength(1);
    expect(action(cart[0]!).fault).toEqual({
      source: { kind: "FaultInjection", name: "cart-chaos", namespace: "default" },
      delay: { ms: 250, perMillion: 5000 },
      abort: { httpStatus: 503, grpcStatus: 14, perMillion: 100_000 },
    });
  });

  it("splits a route for a fault with matches: narrowed faulted entries first, then the route as it was", () => {
    const routes = vhost(compileV2(input), "web").routes;
    expect(
      routes.map((r) => [r.match.path?.value, r.match.method, r.match.headers.length, !!action(r).fault]),
    ).toEqual([
      ["/checkout/pay", "POST", 0, true],
      ["/checkout", undefined, 1, true],
      ["/checkout", undefined, 0, false],
      ["/checkout/pay", "POST", 0, true],
      ["/", undefined, 1, true],
      ["/elsewhere", undefined, 0, true],
      ["/", undefined, 0, false],
    ]);
    expect(action(routes[0]!).fault?.abort).toEqual({
      httpStatus: 503,
      grpcStatus: 14,
      perMillion: 1_000_000,
    });
  });
});

describe("snapshot v2: clusters", () => {
  it("turns a CircuitBreaker into limits and outlier detection, else the mesh's failure accrual", () => {
    const clusters = new Map(compileV2(input).clusters.map((c) => [c.service.name, c]));
    expect(clusters.get("web")).toMatchObject({
      limits: {
        source: { kind: "CircuitBreaker", name: "web", namespace: "default" },
        maxConnections: unlimited,
        maxPendingRequests: 1024,
        maxConcurrentRequests: 100,
      },
      outlierDetection: {
        source: { kind: "CircuitBreaker", name: "web", namespace: "default" },
        consecutiveFailures: 7,
        consecutiveConnectFailures: 7,
        baseEjectionMs: 10_000,
        maxEjectionMs: 300_000,
        maxEjectionPercent: 50,
      },
    });
    expect(clusters.get("cart")!.limits).toMatchObject({ maxConnections: 10, maxPendingRequests: 0 });
    expect(clusters.get("cart")!.outlierDetection).toEqual(meshDefaultOutlier);
    expect(clusters.get("web-v2")).not.toHaveProperty("limits");
    expect(clusters.get("web-v2")!.outlierDetection).toEqual(meshDefaultOutlier);
    expect([...clusters.values()].map((c) => [c.service.name, c.protocol, c.connectTimeoutMs])).toEqual([
      ["cart", "http", 2000],
      ["db", "tcp", 2000],
      ["pay", "grpc", 2000],
      ["web", "http", 2000],
      ["web-v2", "http", 2000],
    ]);
  });

  it("lists ready and draining endpoints with their identities and leaves out the rest", () => {
    const s = compileV2(
      meshInput({
        clusters: [
          { id: "clu_1", name: "east" },
          { id: "clu_2", name: "west" },
        ],
        services: [
          service("web", {
            ports: [
              { port: 8080, protocol: "http" },
              { port: 8081, protocol: "http2" },
              { port: 9000, protocol: "tcp" },
            ],
            endpoints: [
              endpoint("10.0.0.3", { serviceAccount: "web", workload: "web-2", proxyId: "prx_3" }),
              endpoint("10.0.0.2", {
                serviceAccount: "web",
                workload: "web-1",
                state: "draining",
                ready: false,
              }),
              endpoint("10.0.0.1", { serviceAccount: "web", ready: false }),
              endpoint("10.0.0.4", { serviceAccount: "web", state: "not-ready" }),
            ],
          }),
          service("web", {
            cluster: "west",
            ports: [{ port: 8080, protocol: "grpc" }],
            endpoints: [endpoint("192.0.2.7", { vmName: "vm-7" }), endpoint("10.1.0.1")],
          }),
        ],
      }),
    );
    const web = s.clusters[0]!;
    expect(web.protocol).toBe("http2");
    expect(web.endpoints).toEqual([
      {
        address: "10.0.0.2",
        port: 4143,
        identity: "spiffe://shop.trellis.test/ns/shop/sa/web",
        cluster: "east",
        state: "draining",
        workload: "web-1",
      },
      {
        address: "10.0.0.3",
        port: 4143,
        identity: "spiffe://shop.trellis.test/ns/shop/sa/web",
        cluster: "east",
        state: "ready",
        workload: "web-2",
        proxyId: "prx_3",
      },
      {
        address: "10.1.0.1",
        port: 4143,
        identity: "spiffe://shop.trellis.test/ns/shop/sa/default",
        cluster: "west",
        state: "ready",
      },
      {
        address: "192.0.2.7",
        port: 4143,
        identity: "spiffe://shop.trellis.test/vm/vm-7",
        cluster: "west",
        state: "ready",
      },
    ]);
    golden("v2/endpoints", s);
  });
});
