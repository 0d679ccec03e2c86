import type { ClusterV2, OutlierV2, RetryV2 } from "@trellis/protocol/snapshot/v2";
import { duration, type TranslateContext, typed } from "./context.ts";
import { upstreamTls } from "./tls.ts";

type Json = Record<string, unknown>;

/**
 * CDS: one Envoy Cluster per v2 cluster, same name, endpoints by EDS over ADS.
 * p2c-ewma → LEAST_REQUEST (Envoy's power-of-two-choices; it weighs outstanding requests,
 * not EWMA latency); proxyless gRPC balances round robin. mTLS whenever the node has
 * workload certificates. Proxyless clients also send load reports to the connector.
 */
export function clusterResource(c: ClusterV2, ctx: TranslateContext): Json {
  const envoy = ctx.profile.kind === "envoy";
  if (!envoy && c.loadBalancer === "p2c-ewma")
    ctx.notes.add("proxyless gRPC balances round robin (p2c-ewma has no gRPC xDS policy)");
  const out: Json = {
    name: c.name,
    type: "EDS",
    eds_cluster_config: { eds_config: { ads: {}, resource_api_version: "V3" }, service_name: c.name },
    connect_timeout: duration(Math.max(1, c.connectTimeoutMs)),
    lb_policy: envoy && c.loadBalancer === "p2c-ewma" ? "LEAST_REQUEST" : "ROUND_ROBIN",
    outlier_detection: envoy ? envoyOutlier(c.outlierDetection) : grpcOutlier(c.outlierDetection),
    // Proxyless clients report their calls to this cluster to the xDS server itself (LRS):
    // their only metrics (src/xds/lrs/). Envoy reports through its own Prometheus stats.
    ...(envoy ? {} : { lrs_server: { self: {} } }),
  };
  const thresholds = circuitBreaker(c, budgetFor(c.name, ctx));
  if (thresholds) out.circuit_breakers = { thresholds: [thresholds] };
  if (envoy && c.protocol !== "tcp") {
    const http = c.protocol === "http" ? { http_protocol_options: {} } : { http2_protocol_options: {} };
    out.typed_extension_protocol_options = {
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
        "@type": typed("envoy.extensions.upstreams.http.v3.HttpProtocolOptions"),
        explicit_http_config: http,
      },
    };
  }
  if (ctx.profile.certs) out.transport_socket = upstreamTls(c, ctx);
  return out;
}

function circuitBreaker(c: ClusterV2, budget: RetryV2["budget"] | null): Json | null {
  if (!c.limits && !budget) return null;
  return {
    priority: "DEFAULT",
    ...(c.limits
      ? {
          max_connections: c.limits.maxConnections,
          max_pending_requests: c.limits.maxPendingRequests,
          max_requests: c.limits.maxConcurrentRequests,
        }
      : {}),
    ...(budget
      ? {
          retry_budget: {
            budget_percent: { value: budget.percent },
            min_retry_concurrency: budget.minPerSecond,
          },
        }
      : {}),
  };
}

/**
 * Envoy's retry budget is per cluster, v2's per route: the first route (in snapshot
 * order) that forwards to the cluster with a retry policy lends its budget. Envoy counts
 * concurrent retries, not retries per second, so `minPerSecond` becomes
 * `min_retry_concurrency` and `ttlMs` has no equivalent.
 */
function budgetFor(cluster: string, ctx: TranslateContext): RetryV2["budget"] | null {
  for (const vh of ctx.snapshot.virtualHosts)
    for (const r of vh.routes)
      if (
        r.action.type === "forward" &&
        r.action.retry &&
        r.action.backends.some((b) => b.cluster === cluster)
      )
        return r.action.retry.budget;
  return null;
}

/**
 * Envoy counts consecutive failures per host: 5xx/resets and, split out, local-origin
 * (connect) failures; success-rate ejection stays off as v2 does not ask for it.
 */
function envoyOutlier(o: OutlierV2): Json {
  return {
    split_external_local_origin_errors: true,
    ...(o.consecutiveFailures > 0 ? { consecutive_5xx: o.consecutiveFailures } : {}),
    enforcing_consecutive_5xx: o.consecutiveFailures > 0 ? 100 : 0,
    ...(o.consecutiveConnectFailures > 0
      ? { consecutive_local_origin_failure: o.consecutiveConnectFailures }
      : {}),
    enforcing_consecutive_local_origin_failure: o.consecutiveConnectFailures > 0 ? 100 : 0,
    enforcing_consecutive_gateway_failure: 0,
    enforcing_success_rate: 0,
    base_ejection_time: duration(Math.max(1, o.baseEjectionMs)),
    max_ejection_time: duration(Math.max(1, o.maxEjectionMs, o.baseEjectionMs)),
    max_ejection_percent: o.maxEjectionPercent,
  };
}

/** gRPC outlier detection sweeps every interval; proxyless clients use this one. */
export const grpcOutlierIntervalMs = 1_000;

/**
 * gRPC (gRFC A50) has no consecutive-failure ejection, only success-rate and failure-
 * percentage sweeps. The nearest: every second, eject a host with at least N calls of
 * which half or more failed (N = `consecutiveFailures`). Connect failures need no ejection
 * there: the balancer never picks a subchannel it cannot connect, so the mesh default
 * (connect failures only) asks nothing of gRPC — counting every failed call instead
 * would eject a lone endpoint whose app answers errors.
 */
function grpcOutlier(o: OutlierV2): Json {
  const counts = [o.consecutiveFailures].filter((n) => n > 0);
  const base: Json = {
    interval: duration(grpcOutlierIntervalMs),
    base_ejection_time: duration(Math.max(1, o.baseEjectionMs)),
    max_ejection_time: duration(Math.max(1, o.maxEjectionMs, o.baseEjectionMs)),
    max_ejection_percent: o.maxEjectionPercent,
    enforcing_success_rate: 0,
  };
  if (counts.length === 0) return { ...base, enforcing_failure_percentage: 0 };
  return {
    ...base,
    failure_percentage_threshold: 50,
    enforcing_failure_percentage: 100,
    failure_percentage_minimum_hosts: 1,
    failure_percentage_request_volume: Math.min(...counts),
  };
}
