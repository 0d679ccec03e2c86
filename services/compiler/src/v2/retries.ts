import type { HTTPRouteSpec } from "@trellis/protocol/resources";
import type { RetryV2, SourceRef } from "@trellis/protocol/snapshot/v2";
import { grpcRetryCodesOf } from "./grpc-status.ts";
import type { Parsed } from "./resources.ts";
import { msOf } from "./units.ts";

/**
 * How long an attempt that never reached the server (refused, handshake failed, a stream
 * the peer refused) is retried: long enough to ride out a proxy's restart (issue 24), short
 * enough that a dead endpoint fails the request in seconds, not minutes.
 */
export const connectRetryWindowMs = 2_000;

/**
 * The mesh's default retry, on every HTTP route no RetryPolicy reaches — trellis-proxy's
 * safe retry, stated in the snapshot so every data plane reads the same rule: an attempt
 * that never reached the server (connect refused or timed out, TLS failed) is sent again,
 * to another endpoint first, else to the same one after a short growing backoff, for up to
 * 2 s. Nothing reached the server, so this is safe for every method, POST included; it
 * hides a pod that just died or restarts, or an endpoint list a moment out of date — the
 * commonest transient error in a mesh — and costs nothing when endpoints are healthy. The
 * budget (Linkerd's: 20 % of live requests plus 10/s over 10 s) keeps a dead service from
 * turning into a retry storm. `attempts: 2` is what a data plane that cannot bound retries
 * by time (Envoy, proxyless gRPC) does instead.
 */
export const meshDefaultRetry: RetryV2 = {
  source: { kind: "MeshDefault", name: "connect-retry" },
  stateKey: "retry:mesh-default",
  retryOn: ["connect-failure"],
  retryOnStatus: [],
  retryOnGrpc: [],
  attempts: 2,
  perTryTimeoutMs: 0,
  backoff: { baseMs: 25, maxMs: 500 },
  budget: { percent: 20, minPerSecond: 10, ttlMs: 10_000 },
  retryNonIdempotent: false,
  maxReplayBodyBytes: 64 * 1024,
  connectRetryWindowMs,
};

/**
 * A RetryPolicy over the mesh default: the policy's fields win (the API's documented
 * defaults fill what it leaves out), and `connect-failure` stays among the conditions with
 * the default's window — the one retry that is always safe is kept unless the policy says
 * `attempts: 1`, which turns retrying off entirely.
 */
export function retryOf(p: Parsed<"RetryPolicy">): RetryV2 {
  const s = p.spec;
  const off = s.attempts === 1;
  const retryOn =
    s.retryOn.includes("connect-failure") || off
      ? [...s.retryOn]
      : [...s.retryOn, "connect-failure" as const];
  return {
    source: { kind: "RetryPolicy", name: p.name, namespace: p.namespace },
    stateKey: `retry:${p.namespace}/${p.name}@${p.generation}`,
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
    connectRetryWindowMs: off ? 0 : connectRetryWindowMs,
  };
}

type RouteRetry = NonNullable<HTTPRouteSpec["rules"][number]["retry"]>;

/**
 * A rule's own Gateway API `retry` (GEP-1731) over what the route would get otherwise (a
 * RetryPolicy, else the mesh default): `codes` are the statuses retried, `attempts` the
 * retries after the first try (0 turns retrying off entirely), `backoff` the least wait
 * before a retry. Connection errors (refused, reset) are retried too, as the
 * HTTPRouteRetryConnectionError feature says. The budget and the other fields stay the
 * base's, and so does its state: the rule shares its budget with the route.
 */
export function ruleRetryOf(base: RetryV2, r: RouteRetry, source: SourceRef): RetryV2 {
  if (r.attempts === 0)
    return {
      ...base,
      source,
      retryOn: [],
      retryOnStatus: [],
      retryOnGrpc: [],
      attempts: 1,
      connectRetryWindowMs: 0,
    };
  const baseMs = r.backoff === undefined ? base.backoff.baseMs : msOf(r.backoff);
  const retryOn = [...new Set([...base.retryOn, "connect-failure" as const, "reset" as const])];
  return {
    ...base,
    source,
    retryOn,
    retryOnStatus: [...new Set([...base.retryOnStatus, ...(r.codes ?? [])])].sort((a, b) => a - b),
    attempts: r.attempts === undefined ? base.attempts : r.attempts + 1,
    backoff: { baseMs, maxMs: Math.max(baseMs, base.backoff.maxMs) },
    connectRetryWindowMs: base.connectRetryWindowMs || connectRetryWindowMs,
  };
}
