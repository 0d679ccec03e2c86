import type { RetryV2 } from "@trellis/protocol/snapshot/v2";
import { duration, type TranslateContext } from "./context.ts";

/** gRPC codes Envoy's and gRPC's `retry_on` can name (Envoy's router docs, gRFC A44). */
const grpcRetryOn: Record<number, string> = {
  1: "cancelled",
  4: "deadline-exceeded",
  8: "resource-exhausted",
  13: "internal",
  14: "unavailable",
};

const idempotentMethods = "GET|HEAD|OPTIONS|TRACE|PUT|DELETE";

/**
 * A route's retry behaviour as Envoy's RetryPolicy. `backendRequestTimeoutMs` becomes the
 * per-try timeout (with no retry: a policy of zero retries that only carries it). The
 * budget is a cluster setting in Envoy (clusters.ts); the connect-only retry of
 * non-idempotent requests has no Envoy equivalent (they are not retried at all).
 */
export function envoyRetryPolicy(
  retry: RetryV2 | undefined,
  backendRequestTimeoutMs: number,
  grpcRoute: boolean,
  ctx: TranslateContext,
): Record<string, unknown> | null {
  const perTryMs = backendRequestTimeoutMs || retry?.perTryTimeoutMs || 0;
  if (!retry) return perTryMs > 0 ? { num_retries: 0, per_try_timeout: duration(perTryMs) } : null;
  const on = new Set<string>(retry.retryOn);
  if (retry.retryOnStatus.length > 0) on.add("retriable-status-codes");
  for (const code of retry.retryOnGrpc) {
    const name = grpcRetryOn[code];
    if (name) on.add(name);
    else
      ctx.notes.add(
        `retry on gRPC code ${code} (${retry.source.kind}/${retry.source.name}) has no Envoy retry_on name`,
      );
  }
  const out: Record<string, unknown> = {
    retry_on: [...on].join(","),
    num_retries: retry.attempts - 1,
    retry_host_predicate: [
      {
        name: "envoy.retry_host_predicates.previous_hosts",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
        },
      },
    ],
  };
  if (perTryMs > 0) out.per_try_timeout = duration(perTryMs);
  if (retry.backoff.baseMs > 0)
    out.retry_back_off = {
      base_interval: duration(retry.backoff.baseMs),
      max_interval: duration(Math.max(retry.backoff.maxMs, retry.backoff.baseMs)),
    };
  if (retry.retryOnStatus.length > 0) out.retriable_status_codes = retry.retryOnStatus;
  if (!retry.retryNonIdempotent) {
    // Only idempotent methods — and gRPC calls when the policy names gRPC codes, as trellis-proxy does.
    out.retriable_request_headers = [
      { name: ":method", string_match: { safe_regex: { regex: idempotentMethods } } },
      ...(grpcRoute && retry.retryOnGrpc.length > 0
        ? [{ name: "content-type", string_match: { prefix: "application/grpc" } }]
        : []),
    ];
  }
  return out;
}

/**
 * The same for a proxyless gRPC client (gRFC A44): only gRPC status codes can be retried;
 * a reset, connect failure, 5xx or gateway error surfaces as UNAVAILABLE there.
 */
export function grpcRetryPolicy(
  retry: RetryV2 | undefined,
  ctx: TranslateContext,
): Record<string, unknown> | null {
  if (!retry) return null;
  const codes = new Set<string>();
  for (const code of retry.retryOnGrpc) {
    const name = grpcRetryOn[code];
    if (name) codes.add(name);
    else ctx.notes.add(`retry on gRPC code ${code} cannot be expressed for proxyless gRPC (gRFC A44)`);
  }
  if (retry.retryOn.some((c) => c !== "retriable-4xx")) codes.add("unavailable");
  if (codes.size === 0) return null;
  const out: Record<string, unknown> = { retry_on: [...codes].join(","), num_retries: retry.attempts - 1 };
  if (retry.backoff.baseMs > 0)
    out.retry_back_off = {
      base_interval: duration(retry.backoff.baseMs),
      max_interval: duration(Math.max(retry.backoff.maxMs, retry.backoff.baseMs)),
    };
  if (retry.perTryTimeoutMs > 0)
    ctx.notes.add("per-try timeouts are not supported by proxyless gRPC (gRFC A44)");
  return out;
}
