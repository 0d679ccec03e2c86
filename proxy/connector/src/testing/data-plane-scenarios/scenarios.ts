import type { RetryV2 } from "@trellis/protocol/snapshot/v2";
import { type DataPlaneScenario, route, worldSnapshot } from "./world.ts";

/**
 * The data-plane conformance scenarios, as data: each is a snapshot of the scenario mesh
 * (world.ts) and batches of calls from the client to `catalog` with what must hold. The
 * same list runs against proxyless gRPC through the connector's xDS server, against Envoy
 * when a binary is at hand, and against trellis-proxy (test/data-plane/trellis-proxy-scenarios.test.ts).
 */

const src = (kind: string, name: string) => ({ kind, name, namespace: "default" });

const retryUnavailable: RetryV2 = {
  source: src("RetryPolicy", "catalog-retry"),
  stateKey: "RetryPolicy/default/catalog-retry@1",
  retryOn: [],
  retryOnStatus: [],
  retryOnGrpc: [14],
  attempts: 3,
  perTryTimeoutMs: 0,
  backoff: { baseMs: 10, maxMs: 50 },
  budget: { percent: 100, minPerSecond: 10, ttlMs: 10_000 },
  retryNonIdempotent: true,
  maxReplayBodyBytes: 65_536,
  connectRetryWindowMs: 0,
};

const ops = (td: string) => `spiffe://${td}/ns/default/sa/ops`;

export const dataPlaneScenarios: DataPlaneScenario[] = [
  {
    name: "weighted split 80/20",
    snapshot: (w, v) =>
      worldSnapshot(w, v, (s) => {
        s.virtualHosts[0]!.routes = [
          route(
            "catalog-split",
            {},
            {
              backends: [
                { cluster: "default/catalog-v1", weight: 8_000 },
                { cluster: "default/catalog-v2", weight: 2_000 },
              ],
            },
          ),
        ];
      }),
    steps: [
      {
        calls: { count: 100 },
        expect: { status: "OK", servedBy: { "catalog-v1": [0.6, 0.95], "catalog-v2": [0.05, 0.4] } },
      },
    ],
  },
  {
    name: "header match routes the canary",
    snapshot: (w, v) =>
      worldSnapshot(w, v, (s) => {
        s.virtualHosts[0]!.routes = [
          route(
            "catalog-canary",
            { headers: [{ name: "x-canary", type: "Exact", value: "true" }] },
            {
              backends: [{ cluster: "default/catalog-v2", weight: 10_000 }],
            },
          ),
          route("catalog", {}, {}),
        ];
      }),
    steps: [
      {
        calls: { count: 10, metadata: { "x-canary": "true" } },
        expect: { status: "OK", servedBy: { "catalog-v2": [1, 1] } },
      },
      { calls: { count: 10 }, expect: { status: "OK", servedBy: { "catalog-v1": [1, 1] } } },
    ],
  },
  {
    name: "retry turns two UNAVAILABLE attempts into a success",
    snapshot: (w, v) =>
      worldSnapshot(w, v, (s) => {
        s.virtualHosts[0]!.routes = [route("catalog", {}, { retry: retryUnavailable })];
      }),
    steps: [
      {
        behaviours: { "catalog-v1": { failWith: 14, failFirst: 2 } },
        calls: { count: 1 },
        expect: { status: "OK", servedBy: { "catalog-v1": [1, 1] } },
      },
    ],
  },
  {
    name: "request timeout",
    snapshot: (w, v) =>
      worldSnapshot(w, v, (s) => {
        s.virtualHosts[0]!.routes = [route("catalog", {}, { requestTimeoutMs: 300 })];
      }),
    steps: [
      {
        behaviours: { "catalog-v1": { delayMs: 3_000 } },
        calls: { count: 2, deadlineMs: 20_000 },
        expect: { status: "DEADLINE_EXCEEDED" },
      },
    ],
  },
  {
    name: "fault injection aborts",
    snapshot: (w, v) =>
      worldSnapshot(w, v, (s) => {
        s.virtualHosts[0]!.routes = [
          route(
            "catalog",
            {},
            {
              fault: {
                source: src("FaultInjection", "chaos"),
                abort: { httpStatus: 429, grpcStatus: 8, perMillion: 1_000_000 },
              },
            },
          ),
        ];
      }),
    steps: [{ calls: { count: 5 }, expect: { status: "RESOURCE_EXHAUSTED" } }],
  },
  {
    name: "fault injection delays",
    snapshot: (w, v) =>
      worldSnapshot(w, v, (s) => {
        s.virtualHosts[0]!.routes = [
          route(
            "catalog",
            {},
            { fault: { source: src("FaultInjection", "slow"), delay: { ms: 400, perMillion: 1_000_000 } } },
          ),
        ];
      }),
    steps: [{ calls: { count: 3 }, expect: { status: "OK", minElapsedMs: 400 } }],
  },
  {
    name: "outlier detection ejects the failing endpoint",
    snapshot: (w, v) =>
      worldSnapshot(w, v, (s) => {
        const v1 = s.clusters[0]!;
        v1.endpoints.push(...s.clusters[1]!.endpoints); // catalog-v1 is served by both workloads
        v1.outlierDetection = {
          ...v1.outlierDetection,
          consecutiveFailures: 2,
          baseEjectionMs: 30_000,
          maxEjectionMs: 60_000,
        };
      }),
    steps: [
      {
        behaviours: { "catalog-v2": { failWith: 13 } },
        calls: { count: 10 },
        expect: { status: "OK", servedBy: { "catalog-v1": [1, 1] } },
        withinMs: 20_000,
      },
    ],
  },
  {
    name: "authorization denies a caller the service does not allow",
    snapshot: (w, v) =>
      worldSnapshot(w, v, (s) => {
        s.inbound[0] = {
          ...s.inbound[0]!,
          policies: [
            {
              source: src("AuthorizationPolicy", "ops-only"),
              action: "ALLOW",
              rules: [
                { from: { exact: [ops(w.trustDomain)], prefixes: [], unauthenticated: false }, to: [] },
              ],
            },
          ],
        };
      }),
    steps: [{ calls: { count: 3 }, expect: { status: "PERMISSION_DENIED" } }],
  },
  {
    name: "mTLS: the server sees the client's SPIFFE identity",
    snapshot: (w, v) =>
      worldSnapshot(w, v, (s) => {
        s.inbound[0] = {
          ...s.inbound[0]!,
          defaultAction: "deny",
          policies: [
            {
              source: src("AuthorizationPolicy", "client-only"),
              action: "ALLOW",
              rules: [{ from: { exact: [w.clientIdentity], prefixes: [], unauthenticated: false }, to: [] }],
            },
          ],
        };
      }),
    steps: [
      {
        calls: { count: 3 },
        expect: { status: "OK", servedBy: { "catalog-v1": [1, 1] }, peerIsClient: true },
      },
    ],
  },
  {
    name: "mTLS: a server with another identity than the endpoint's is refused",
    snapshot: (w, v) =>
      worldSnapshot(w, v, (s) => {
        s.clusters[0]!.endpoints[0]!.identity = `spiffe://${w.trustDomain}/ns/default/sa/impostor`;
      }),
    steps: [{ calls: { count: 2 }, expect: { status: "UNAVAILABLE" } }],
  },
];
