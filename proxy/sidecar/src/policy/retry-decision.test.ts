import { describe, expect, it } from "vitest";
import { isEndpointFailure, matchesRetryOn, retrySafety } from "./retry-decision.ts";
import type { Retry, RetryCondition } from "./types.ts";

const policy = (
  retryOn: RetryCondition[],
  grpcCodes: number[] = [],
  retryNonIdempotent = false,
  statusCodes: number[] = [],
): Retry => ({
  name: "p",
  stateKey: "p@1",
  retryOn: new Set(retryOn),
  grpcCodes: new Set(grpcCodes),
  statusCodes: new Set(statusCodes),
  attempts: 3,
  perTryTimeoutMs: 0,
  backoffBaseMs: 25,
  backoffMaxMs: 250,
  budget: { percent: 20, minRetriesPerSecond: 10, ttlMs: 10_000 },
  retryNonIdempotent,
  maxReplayBodyBytes: 65536,
  connectRetryWindowMs: 0,
});
const response = (status: number, grpcStatus?: number) => ({ kind: "response" as const, status, grpcStatus });

describe("retry conditions", () => {
  it("5xx covers every 5xx, resets, connect failures and timeouts", () => {
    const p = policy(["5xx"]);
    expect(matchesRetryOn(response(500), p, false)).toBe(true);
    expect(matchesRetryOn(response(503), p, false)).toBe(true);
    expect(matchesRetryOn(response(404), p, false)).toBe(false);
    expect(matchesRetryOn({ kind: "reset" }, p, false)).toBe(true);
    expect(matchesRetryOn({ kind: "timeout" }, p, false)).toBe(true);
  });

  it("gateway-error is 502/503/504 only", () => {
    const p = policy(["gateway-error"]);
    expect(matchesRetryOn(response(500), p, false)).toBe(false);
    expect(matchesRetryOn(response(502), p, false)).toBe(true);
    expect(matchesRetryOn({ kind: "connect-failure" }, p, false)).toBe(false);
  });

  it("retriable-4xx is 409, and connect-failure alone does not retry responses", () => {
    expect(matchesRetryOn(response(409), policy(["retriable-4xx"]), false)).toBe(true);
    expect(matchesRetryOn(response(503), policy(["connect-failure"]), false)).toBe(false);
  });

  it("retries gRPC on the listed codes from a trailers-only response", () => {
    const p = policy([], [14]);
    expect(matchesRetryOn(response(200, 14), p, true)).toBe(true);
    expect(matchesRetryOn(response(200, 5), p, true)).toBe(false);
    expect(matchesRetryOn(response(200, 14), p, false)).toBe(false);
  });
});

describe("retry safety", () => {
  it("retries idempotent methods, and others only after a connect failure", () => {
    expect(retrySafety("GET", false, policy(["5xx"]))).toBe("any");
    expect(retrySafety("POST", false, policy(["5xx"]))).toBe("connect-only");
    expect(retrySafety("POST", false, policy(["5xx"], [], true))).toBe("any");
    expect(retrySafety("POST", true, policy([], [14]))).toBe("any");
  });
});

describe("endpoint failures", () => {
  it("counts 5xx, server-side gRPC codes and transport failures", () => {
    expect(isEndpointFailure(response(503))).toBe(true);
    expect(isEndpointFailure(response(404))).toBe(false);
    expect(isEndpointFailure(response(200, 14))).toBe(true);
    expect(isEndpointFailure(response(200, 5))).toBe(false);
    expect(isEndpointFailure({ kind: "timeout" })).toBe(true);
  });

  it("Gateway API retry.codes retries exactly the listed statuses", () => {
    const p = policy([], [], false, [429, 503]);
    expect(matchesRetryOn(response(429), p, false)).toBe(true);
    expect(matchesRetryOn(response(503), p, false)).toBe(true);
    expect(matchesRetryOn(response(500), p, false)).toBe(false);
  });
});
