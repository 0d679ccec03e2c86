import type { OutlierSpec } from "./outlier.ts";
import type { RetryBudgetSpec } from "./retry-budget.ts";

/**
 * What the proxy does without any RetryPolicy: an attempt that provably never reached
 * the server (connect refused or timed out, TLS failed, REFUSED_STREAM, a GOAWAY that
 * excluded it, an idempotent request on a pooled connection the peer had closed) is
 * sent again — to another endpoint when there is one, else to the same one after a
 * short backoff — while the request is younger than `boundMs` and the default budget
 * allows. A RetryPolicy's rules apply on top, to everything else.
 */
export const safeRetry = {
  boundMs: 2_000,
  /** Linkerd's default budget: retries may add 20 % of requests plus 10 per second. */
  budget: { percent: 20, minRetriesPerSecond: 10, ttlMs: 10_000 } satisfies RetryBudgetSpec,
  backoffBaseMs: 25,
  backoffMaxMs: 500,
} as const;

/**
 * Failure accrual without a CircuitBreaker (Linkerd's, made conservative): an endpoint
 * that refused 3 connections in a row, with no success between, is left out for 5 s,
 * doubling while it keeps refusing (up to 60 s). Only connect failures count; any
 * answer clears the streak. When every endpoint is out, they are used anyway.
 */
export const defaultFailureAccrual: OutlierSpec = {
  consecutiveFailures: 3,
  baseEjectionMs: 5_000,
  maxEjectionMs: 60_000,
  maxEjectionPercent: 100,
};

/** The wait before sending to the same endpoint again: jittered, growing, capped, within the bound. */
export function sameEndpointBackoffMs(retry: number, remainingMs: number, random = Math.random()): number {
  const ceiling = Math.min(safeRetry.backoffMaxMs, safeRetry.backoffBaseMs * 2 ** Math.max(0, retry - 1));
  return Math.min(Math.max(0, remainingMs - 1), Math.floor(ceiling / 2 + (random * ceiling) / 2));
}
