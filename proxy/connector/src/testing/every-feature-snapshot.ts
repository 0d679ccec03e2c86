import type { ConfigSnapshotV2, RetryV2 } from "@trellis/protocol/snapshot/v2";
import {
  defaultRoute,
  identityOf,
  sampleSnapshotV2,
  v2Cluster,
  v2Endpoint,
  v2Inbound,
  v2VirtualHost,
} from "./sample-snapshot-v2.ts";

const src = (kind: string, name: string, rule?: string) => ({
  kind,
  name,
  namespace: "default",
  ...(rule ? { rule } : {}),
});

export const sampleRetry: RetryV2 = {
  source: src("RetryPolicy", "catalog-retry"),
  stateKey: "RetryPolicy/default/catalog-retry@1",
  retryOn: ["5xx", "connect-failure", "reset"],
  retryOnStatus: [409],
  retryOnGrpc: [14, 2],
  attempts: 3,
  perTryTimeoutMs: 250,
  backoff: { baseMs: 25, maxMs: 250 },
  budget: { percent: 20, minPerSecond: 3, ttlMs: 10_000 },
  retryNonIdempotent: false,
  maxReplayBodyBytes: 65_536,
  connectRetryWindowMs: 2000,
};

/**
 * A v2 snapshot that uses every feature the xDS translation maps: header and method
 * matches, weighted splits with per-backend headers, retries with budgets and gRPC codes,
 * timeouts, fault delay and abort, mirrors, rewrites, redirects, direct responses, CORS,
 * session persistence, circuit-breaker limits, outlier detection, draining endpoints,
 * DENY/ALLOW authorization with SPIFFE exact/prefix, route labels and JWT, rate limits
 * (service-wide and per route), a TCP service, permissive mTLS off (strict).
 */
export function everyFeatureSnapshot(version = 1): ConfigSnapshotV2 {
  const base = sampleSnapshotV2(version);
  const catalog = v2VirtualHost("catalog", 8080, [], "grpc");
  catalog.ports.push({ port: 9090, protocol: "http" });
  catalog.addresses = ["10.96.0.10"];
  catalog.routes = [
    {
      label: "catalog-canary/by-header",
      source: src("GRPCRoute", "catalog-canary", "by-header"),
      match: {
        path: { type: "PathPrefix", value: "/shop.Catalog/" },
        headers: [{ name: "x-canary", type: "Exact", value: "true" }],
        queryParams: [],
        grpc: true,
      },
      action: {
        type: "forward",
        backends: [{ cluster: "default/catalog-v2", weight: 10_000 }],
        requestTimeoutMs: 2_000,
        backendRequestTimeoutMs: 0,
        retry: sampleRetry,
        fault: {
          source: src("FaultInjection", "catalog-chaos"),
          delay: { ms: 100, perMillion: 50_000 },
          abort: { httpStatus: 503, grpcStatus: 14, perMillion: 10_000 },
        },
        mirrors: [{ cluster: "default/catalog-shadow", perMillion: 100_000 }],
        filters: {
          requestHeaders: { set: [{ name: "x-lane", value: "canary" }], add: [], remove: ["x-debug"] },
        },
      },
    },
    {
      label: "catalog-split",
      source: src("HTTPRoute", "catalog-split"),
      port: 8080,
      match: {
        path: { type: "PathPrefix", value: "/api" },
        method: "GET",
        headers: [],
        queryParams: [],
        grpc: false,
      },
      action: {
        type: "forward",
        backends: [
          {
            cluster: "default/catalog-v1",
            weight: 9_000,
            filters: { responseHeaders: { set: [], add: [{ name: "x-backend", value: "v1" }], remove: [] } },
          },
          { cluster: "default/catalog-v2", weight: 1_000 },
        ],
        requestTimeoutMs: 0,
        backendRequestTimeoutMs: 500,
        mirrors: [],
        filters: {
          urlRewrite: {
            hostname: "catalog.internal",
            path: { type: "ReplacePrefixMatch", prefix: "/api", value: "/v1" },
          },
        },
        cors: {
          allowOrigins: ["https://shop.example"],
          allowMethods: ["GET"],
          allowHeaders: [],
          exposeHeaders: [],
          allowCredentials: false,
          maxAgeSeconds: 60,
        },
        sessionPersistence: {
          type: "Cookie",
          name: "sid",
          absoluteTimeoutMs: 3_600_000,
          idleTimeoutMs: 0,
          lifetime: "Permanent",
        },
      },
    },
    {
      label: "catalog-legacy",
      source: src("HTTPRoute", "catalog-legacy"),
      match: {
        path: { type: "Exact", value: "/old" },
        headers: [],
        queryParams: [{ name: "v", type: "Exact", value: "1" }],
        grpc: false,
      },
      action: { type: "redirect", scheme: "https", hostname: "catalog.example", statusCode: 301 },
    },
    {
      label: "catalog-broken",
      source: src("HTTPRoute", "catalog-broken"),
      match: {
        path: { type: "RegularExpression", value: "^/broken/.*" },
        headers: [],
        queryParams: [],
        grpc: false,
      },
      action: { type: "direct-response", status: 500, reason: "no backend of rule broken resolves" },
    },
    defaultRoute("default/catalog-v1"),
  ];
  const db = v2VirtualHost("db", 5432, [defaultRoute("default/db")], "tcp");
  const limits = {
    source: src("CircuitBreaker", "catalog-cb"),
    maxConnections: 100,
    maxPendingRequests: 10,
    maxConcurrentRequests: 50,
  };
  return {
    ...base,
    trustBundle: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"],
    virtualHosts: [...base.virtualHosts, catalog, db],
    clusters: [
      ...base.clusters,
      v2Cluster(
        "catalog-v1",
        [
          v2Endpoint("10.0.0.11", 4143, "catalog"),
          { ...v2Endpoint("10.0.0.12", 4143, "catalog"), state: "draining" },
        ],
        {
          protocol: "grpc",
          loadBalancer: "p2c-ewma",
          limits,
          outlierDetection: {
            ...limits,
            source: limits.source,
            consecutiveFailures: 5,
            consecutiveConnectFailures: 3,
            baseEjectionMs: 5_000,
            maxEjectionMs: 30_000,
            maxEjectionPercent: 50,
          },
        },
      ),
      v2Cluster("catalog-v2", [v2Endpoint("10.0.0.21", 4143, "catalog")], { protocol: "grpc" }),
      v2Cluster("catalog-shadow", [], { protocol: "grpc" }),
      v2Cluster("db", [v2Endpoint("10.0.0.31", 4143, "db")], { protocol: "tcp" }),
    ],
    inbound: [
      ...base.inbound,
      v2Inbound("catalog", {
        defaultAction: "deny",
        l4PassThrough: false,
        policies: [
          {
            source: src("AuthorizationPolicy", "no-legacy"),
            action: "DENY",
            rules: [{ from: { exact: [identityOf("legacy")], prefixes: [], unauthenticated: true }, to: [] }],
          },
          {
            source: src("AuthorizationPolicy", "frontend-reads"),
            action: "ALLOW",
            rules: [
              {
                from: {
                  exact: [identityOf("frontend")],
                  prefixes: ["spiffe://demo.trellis.test/ns/ops/"],
                  unauthenticated: false,
                },
                to: [
                  {
                    paths: [{ type: "PathPrefix", value: "/shop.Catalog/" }],
                    methods: ["POST"],
                    routes: ["catalog-canary/by-header"],
                  },
                  { paths: [{ type: "Exact", value: "/healthz" }], methods: [], routes: [] },
                ],
              },
            ],
            jwt: {
              issuer: "https://issuer.example",
              audiences: ["catalog"],
              jwksUri: "https://issuer.example/.well-known/jwks.json",
              claims: [{ name: "scope", values: ["catalog:read"] }],
            },
          },
        ],
        rateLimits: [
          {
            source: src("RateLimit", "catalog-rl"),
            stateKey: "rl1",
            requests: 100,
            perMs: 1_000,
            burst: 200,
            perClientIdentity: false,
          },
          {
            source: src("RateLimit", "catalog-split-rl"),
            stateKey: "rl2",
            route: "catalog-split",
            requests: 10,
            perMs: 1_000,
            burst: 10,
            perClientIdentity: false,
          },
        ],
      }),
      v2Inbound("db", {
        policies: [
          {
            source: src("AuthorizationPolicy", "db-clients"),
            action: "ALLOW",
            rules: [
              { from: { exact: [identityOf("catalog")], prefixes: [], unauthenticated: false }, to: [] },
            ],
          },
        ],
      }),
    ],
  };
}
