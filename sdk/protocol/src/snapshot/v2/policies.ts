import { z } from "zod";
import { msSchema, perMillionSchema, sourceRefSchema, stateKeySchema } from "./shared.ts";

/** Conditions a retry may be taken on (HTTP side). */
export const retryOnV2 = ["5xx", "gateway-error", "reset", "connect-failure", "retriable-4xx"] as const;

/**
 * The retry behaviour of one route, merged by the compiler: the mesh default (retry a
 * connect failure, where no byte reached the peer), then a RetryPolicy that targets the
 * service, then one that targets the route, then the rule's own Gateway API `retry`
 * (GEP-1731). Absent only for opaque TCP.
 */
export const retryV2Schema = z.object({
  source: sourceRefSchema,
  stateKey: stateKeySchema,
  retryOn: z.array(z.enum(retryOnV2)),
  /** Extra HTTP status codes that are retried (Gateway API `retry.codes`). */
  retryOnStatus: z.array(z.number().int().min(400).max(599)).default([]),
  /** Numeric gRPC status codes that are retried. */
  retryOnGrpc: z.array(z.number().int().min(0).max(16)).default([]),
  /** Total attempts including the first. */
  attempts: z.number().int().min(1).max(10),
  /** 0 = no per-try timeout. */
  perTryTimeoutMs: msSchema,
  backoff: z.object({ baseMs: msSchema, maxMs: msSchema }),
  /** Retries add at most `percent` of live requests plus `minPerSecond`, over `ttlMs`. */
  budget: z.object({
    percent: z.number().min(0).max(100),
    minPerSecond: z.number().int().min(0),
    ttlMs: msSchema,
  }),
  retryNonIdempotent: z.boolean(),
  maxReplayBodyBytes: z.number().int().min(0),
  /**
   * An attempt that provably never reached the server (connect refused or timed out, TLS
   * failed, a stream the peer refused) is sent again — to another endpoint first, else the
   * same one after `backoff` — while the request is younger than this, even past
   * `attempts`: nothing was sent, so it is safe for every method. 0 = only within
   * `attempts`. Data planes that cannot bound retries by time use `attempts` alone.
   */
  connectRetryWindowMs: msSchema.default(0),
});
export type RetryV2 = z.infer<typeof retryV2Schema>;

/** FaultInjection resolved onto a route (client side, before the backend is chosen). */
export const faultV2Schema = z.object({
  source: sourceRefSchema,
  delay: z.object({ ms: msSchema, perMillion: perMillionSchema }).optional(),
  abort: z
    .object({
      httpStatus: z.number().int().min(200).max(599),
      grpcStatus: z.number().int().min(0).max(16),
      perMillion: perMillionSchema,
    })
    .optional(),
});
export type FaultV2 = z.infer<typeof faultV2Schema>;

/** CircuitBreaker limits of one cluster. */
export const limitsV2Schema = z.object({
  source: sourceRefSchema,
  maxConnections: z.number().int().min(1),
  maxPendingRequests: z.number().int().min(0),
  maxConcurrentRequests: z.number().int().min(1),
});
export type LimitsV2 = z.infer<typeof limitsV2Schema>;

/**
 * Outlier detection of one cluster. Always present: without a CircuitBreaker the
 * compiler emits the mesh default (eject after a few consecutive connect failures, like
 * Linkerd's failure accrual), so a dead endpoint leaves rotation on every data plane.
 */
export const outlierV2Schema = z.object({
  source: sourceRefSchema,
  /** Consecutive 5xx / resets; 0 = not counted. */
  consecutiveFailures: z.number().int().min(0),
  /** Consecutive connect failures (refused, handshake failed, timed out); 0 = not counted. */
  consecutiveConnectFailures: z.number().int().min(0),
  baseEjectionMs: msSchema,
  maxEjectionMs: msSchema,
  maxEjectionPercent: z.number().int().min(0).max(100),
});
export type OutlierV2 = z.infer<typeof outlierV2Schema>;
