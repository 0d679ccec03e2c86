import type { EdgeStats__Input, MetricBatch__Input, ProxyStatus__Input } from "@trellis/protocol/tunnel";
import { durationFromMs, timestampFromMs } from "@trellis/protocol/tunnel";
import type { EdgeTable } from "../metrics/edges.ts";

/**
 * The per-edge summaries for one report window. Edges are reported by the client
 * side (outbound) so an aggregator never counts a request twice; inbound requests are
 * reported only when the client was not meshed (no identity), with an empty source.
 */
export function takeMetricBatch(
  edges: EdgeTable,
  self: { service: string; namespace: string },
  windowStartMs: number,
  nowMs: number,
): MetricBatch__Input | undefined {
  const out: EdgeStats__Input[] = [];
  for (const e of edges.all()) {
    const meshedInbound = e.labels.direction === "inbound" && e.labels.client_id !== "";
    if (meshedInbound) {
      // Counted by the client's proxy, denials included: it sees them in x-trellis-error.
      e.takeWindow();
      continue;
    }
    const w = e.takeWindow();
    if (!w) continue;
    const outbound = e.labels.direction === "outbound";
    out.push({
      sourceService: outbound ? self.service : "",
      sourceNamespace: outbound ? self.namespace : "",
      destinationService: e.labels.dst_service,
      destinationNamespace: e.labels.dst_namespace,
      route: e.labels.route,
      requests: w.requests,
      successes: w.successes,
      latencyBuckets: w.buckets,
      denied: w.denied,
      retries: w.retries,
    });
  }
  if (out.length === 0) return undefined;
  return {
    windowStart: timestampFromMs(windowStartMs),
    window: durationFromMs(nowMs - windowStartMs),
    edges: out,
  };
}

export type StatusInput = {
  proxyId: string;
  service: string;
  namespace: string;
  workload: string;
  identity: string;
  proxyVersion: string;
  appliedVersion: number;
  health: "PROXY_HEALTH_READY" | "PROXY_HEALTH_NOT_READY" | "PROXY_HEALTH_DRAINING";
  startedAtMs: number;
  certNotAfterMs: number | undefined;
  rootFingerprint: string;
  lastNack: { version: number; nonce: string; error: string } | undefined;
};

export function proxyStatus(s: StatusInput): ProxyStatus__Input {
  return {
    proxyId: s.proxyId,
    service: s.service,
    namespace: s.namespace,
    workload: s.workload,
    identity: s.identity,
    proxyVersion: s.proxyVersion,
    appliedConfigVersion: s.appliedVersion,
    health: s.health,
    startedAt: timestampFromMs(s.startedAtMs),
    certNotAfter: s.certNotAfterMs === undefined ? null : timestampFromMs(s.certNotAfterMs),
    certRootFingerprint: s.rootFingerprint,
    lastNack: s.lastNack ?? null,
  };
}
