import type { Retry } from "./types.ts";

/** How one attempt ended, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: "response"; status: number; grpcStatus: number | undefined }
  | { kind: "connect-failure" | "reset" | "timeout" };

const idempotent = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/**
 * Whether a request may be retried at all (RFC 9110 §9.2.2): idempotent methods, or
 * any method when the policy says `retryNonIdempotent`. gRPC calls (always POST) are
 * retried when the policy names gRPC codes — naming them is the operator saying the
 * methods are safe, as in gRPC's own retry policy. Anything else may still be retried
 * after a connect failure, which never reached the server.
 */
export function retrySafety(method: string, isGrpc: boolean, p: Retry): "any" | "connect-only" {
  if (idempotent.has(method) || p.retryNonIdempotent) return "any";
  if (isGrpc && p.grpcCodes.size > 0) return "any";
  return "connect-only";
}

/**
 * Whether an outcome matches the policy's conditions, after Envoy's `retry_on`:
 * `5xx` is any 5xx and also a reset, a connect failure or a per-try timeout;
 * `gateway-error` is 502/503/504 and per-try timeouts; `retriable-4xx` is 409;
 * gRPC codes come from a trailers-only response's grpc-status (the status of a
 * streamed response arrives after the client has its headers: too late to retry).
 */
export function matchesRetryOn(o: AttemptOutcome, p: Retry, isGrpc: boolean): boolean {
  const on = p.retryOn;
  switch (o.kind) {
    case "connect-failure":
      return on.has("connect-failure") || on.has("5xx");
    case "reset":
      return on.has("reset") || on.has("5xx");
    case "timeout":
      return on.has("5xx") || on.has("gateway-error");
    case "response": {
      const s = o.status;
      if (isGrpc && o.grpcStatus !== undefined && p.grpcCodes.has(o.grpcStatus)) return true;
      if (p.statusCodes.has(s)) return true;
      if (s >= 500 && on.has("5xx")) return true;
      if ((s === 502 || s === 503 || s === 504) && on.has("gateway-error")) return true;
      return s === 409 && on.has("retriable-4xx");
    }
  }
}

/** gRPC codes that say the server (not the request) failed, for outlier detection. */
const grpcServerErrors = new Set([2, 4, 13, 14, 15]); // UNKNOWN, DEADLINE_EXCEEDED, INTERNAL, UNAVAILABLE, DATA_LOSS

/** Whether an outcome counts against the endpoint (outlier detection). */
export function isEndpointFailure(o: AttemptOutcome): boolean {
  if (o.kind !== "response") return true;
  return o.status >= 500 || (o.grpcStatus !== undefined && grpcServerErrors.has(o.grpcStatus));
}
