import type { RetryBudgetSpec } from "./retry-budget.ts";

export type RetryCondition = "5xx" | "gateway-error" | "reset" | "connect-failure" | "retriable-4xx";

/**
 * A route's retry behaviour as the snapshot resolved it (the mesh default, a RetryPolicy,
 * a rule's own Gateway API retry), with its sets made once for the hot path. `name` says
 * where it came from (`RetryPolicy/shop/web`), for logs.
 */
export type Retry = {
  name: string;
  /** Key of its budget; equal across snapshots while the policy is unchanged. */
  stateKey: string;
  retryOn: ReadonlySet<RetryCondition>;
  /** HTTP statuses retried besides the conditions (Gateway API `retry.codes`). */
  statusCodes: ReadonlySet<number>;
  /** Numeric gRPC status codes to retry. */
  grpcCodes: ReadonlySet<number>;
  /** Attempts in all, the first included. */
  attempts: number;
  perTryTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  budget: RetryBudgetSpec;
  retryNonIdempotent: boolean;
  maxReplayBodyBytes: number;
  /** Attempts that never reached the server are retried while the request is younger than this (0: only within `attempts`). */
  connectRetryWindowMs: number;
};

/** A FaultInjection on a route: shares in parts per million. */
export type Fault = {
  name: string;
  delay: { ms: number; perMillion: number } | undefined;
  abort: { httpStatus: number; grpcStatus: number; perMillion: number } | undefined;
};
