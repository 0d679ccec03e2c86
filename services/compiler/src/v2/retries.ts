import type { RetryV2 } from "@trellis/protocol/snapshot/v2";
import { grpcRetryCodesOf } from "./grpc-status.ts";
import type { Parsed } from "./resources.ts";
import { msOf } from "./units.ts";

/**
 * The mesh's default retry, on every HTTP route no RetryPolicy reaches: one more attempt
 * after a connect failure (refused, reset before any byte was sent, TLS handshake failed).
 * Nothing reached the server, so this is safe for every method, POST included; it hides a
 * pod that just died or an endpoint list a moment out of date — the commonest transient
 * error in a mesh — and costs nothing when endpoints are healthy. The backoff is short
 * because another endpoint is usually one pick away, and the budget (Linkerd's: 20 % of
 * live requests plus 10/s over 10 s) keeps a dead service from turning into a retry storm.
 */
export const meshDefaultRetry: RetryV2 = {
  source: { kind: "MeshDefault", name: "connect-retry" },
  stateKey: "retry:mesh-default",
  retryOn: ["connect-failure"],
  retryOnStatus: [],
  retryOnGrpc: [],
  attempts: 2,
  perTryTimeoutMs: 0,
  backoff: { baseMs: 10, maxMs: 100 },
  budget: { percent: 20, minPerSecond: 10, ttlMs: 10_000 },
  retryNonIdempotent: false,
  maxReplayBodyBytes: 64 * 1024,
};

/**
 * A RetryPolicy over the mesh default: the policy's fields win (the API's documented
 * defaults fill what it leaves out), and `connect-failure` stays among the conditions —
 * the one retry that is always safe is kept unless the policy says `attempts: 1`.
 */
export function retryOf(p: Parsed<"RetryPolicy">): RetryV2 {
  const s = p.spec;
  const retryOn = s.retryOn.includes("connect-failure")
    ? [...s.retryOn]
    : [...s.retryOn, "connect-failure" as const];
  return {
    source: { kind: "RetryPolicy", name: p.name },
    stateKey: `retry:${p.name}@${p.generation}`,
    retryOn,
    retryOnStatus: [],
    retryOnGrpc: grpcRetryCodesOf(s.grpcRetryOn),
    attempts: s.attempts,
    perTryTimeoutMs: msOf(s.perTryTimeout),
    backoff: { baseMs: msOf(s.backoff.baseInterval), maxMs: msOf(s.backoff.maxInterval) },
    budget: {
      percent: s.budget.percent,
      minPerSecond: s.budget.minRetriesPerSecond,
      ttlMs: msOf(s.budget.ttl),
    },
    retryNonIdempotent: s.retryNonIdempotent,
    maxReplayBodyBytes: s.maxReplayBodyBytes,
  };
}
