import type { FaultV2, LimitsV2, OutlierV2, RetryV2, SourceRef } from "@trellis/protocol/snapshot/v2";
import type { AdmissionLimits } from "./admission.ts";
import type { OutlierSpec } from "./outlier.ts";
import type { Fault, Retry, RetryCondition } from "./types.ts";

/** `RetryPolicy/shop/web`: where a resolved policy came from, for logs and error details. */
export function sourceName(s: SourceRef): string {
  return `${s.kind}/${s.namespace ? `${s.namespace}/` : ""}${s.name}${s.rule ? `/${s.rule}` : ""}`;
}

/** A route's retry with its sets built once (the hot path tests membership). */
export function indexRetry(r: RetryV2): Retry {
  return {
    name: sourceName(r.source),
    stateKey: r.stateKey,
    retryOn: new Set<RetryCondition>(r.retryOn),
    statusCodes: new Set(r.retryOnStatus),
    grpcCodes: new Set(r.retryOnGrpc),
    attempts: r.attempts,
    perTryTimeoutMs: r.perTryTimeoutMs,
    backoffBaseMs: r.backoff.baseMs,
    backoffMaxMs: Math.max(r.backoff.baseMs, r.backoff.maxMs),
    budget: { percent: r.budget.percent, minRetriesPerSecond: r.budget.minPerSecond, ttlMs: r.budget.ttlMs },
    retryNonIdempotent: r.retryNonIdempotent,
    maxReplayBodyBytes: r.maxReplayBodyBytes,
    connectRetryWindowMs: r.connectRetryWindowMs,
  };
}

export function indexFault(f: FaultV2): Fault {
  return { name: sourceName(f.source), delay: f.delay, abort: f.abort };
}

export function indexOutlier(o: OutlierV2): OutlierSpec {
  return {
    consecutiveFailures: o.consecutiveFailures,
    consecutiveConnectFailures: o.consecutiveConnectFailures,
    baseEjectionMs: o.baseEjectionMs,
    maxEjectionMs: Math.max(o.baseEjectionMs, o.maxEjectionMs),
    maxEjectionPercent: o.maxEjectionPercent,
  };
}

export function indexLimits(l: LimitsV2 | undefined): AdmissionLimits | undefined {
  if (!l) return undefined;
  return {
    maxConcurrentRequests: l.maxConcurrentRequests,
    maxConnections: l.maxConnections,
    maxPendingRequests: l.maxPendingRequests,
  };
}
