import type { LimitsV2, OutlierV2 } from "@trellis/protocol/snapshot/v2";
import type { Parsed } from "./resources.ts";
import { msOf } from "./units.ts";

/**
 * The mesh's default outlier detection, on every cluster no CircuitBreaker configures:
 * failure accrual on connect failures, after Linkerd's. A refused connection or a failed
 * handshake says the endpoint (not the request) is broken, unlike a 5xx that the app may
 * mean; three in a row eject it for 5 s, doubling per repeat up to a minute, never more
 * than half the endpoints at once so a service-wide outage is not made worse by emptying
 * the pool. Without it a dead pod stays in rotation until discovery notices.
 */
export const meshDefaultOutlier: OutlierV2 = {
  source: { kind: "MeshDefault", name: "failure-accrual" },
  consecutiveFailures: 0,
  consecutiveConnectFailures: 3,
  baseEjectionMs: 5000,
  maxEjectionMs: 60_000,
  maxEjectionPercent: 50,
};

/** Envoy's (and Istio's) "no limit": the largest uint32. */
export const unlimited = 4_294_967_295;

/** Envoy's default queue when a limit is set but no pending bound. */
const defaultMaxPending = 1024;

/** What a CircuitBreaker says about its cluster; each part absent when the breaker omits it. */
export function breakerOf(p: Parsed<"CircuitBreaker">): { limits?: LimitsV2; outlier?: OutlierV2 } {
  const source = { kind: "CircuitBreaker", name: p.name, namespace: p.namespace };
  const { limits: l, outlierDetection: o } = p.spec;
  return {
    ...(l
      ? {
          limits: {
            source,
            maxConnections: l.maxConnections ?? unlimited,
            maxPendingRequests: l.maxPendingRequests ?? defaultMaxPending,
            maxConcurrentRequests: l.maxConcurrentRequests ?? unlimited,
          },
        }
      : {}),
    ...(o
      ? {
          // A connect failure is a failure of the endpoint too (Envoy counts it among
          // consecutive 5xx): both counters eject at the breaker's threshold.
          outlier: {
            source,
            consecutiveFailures: o.consecutiveFailures,
            consecutiveConnectFailures: o.consecutiveFailures,
            baseEjectionMs: msOf(o.baseEjectionTime),
            maxEjectionMs: msOf(o.maxEjectionTime),
            maxEjectionPercent: o.maxEjectionPercent,
          },
        }
      : {}),
  };
}
