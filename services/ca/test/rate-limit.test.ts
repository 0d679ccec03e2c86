import { describe, expect, it } from "vitest";
import { createIssuanceRateLimiter, isCaError } from "../src/index.ts";

describe("per-cluster issuance rate limit", () => {
  it("allows the burst, then refuses with a retry hint, then refills with time; clusters are separate", () => {
    let t = 0;
    const limiter = createIssuanceRateLimiter({ ratePerSecond: 10, burst: 3, now: () => t });
    for (let i = 0; i < 3; i++) limiter.take("clu_a");
    let error: unknown;
    try {
      limiter.take("clu_a");
    } catch (e) {
      error = e;
    }
    expect(isCaError(error, "rate_limited")).toBe(true);
    expect((error as { code: string }).code).toBe("rate_limited");
    expect((error as { retryAfterMs: number }).retryAfterMs).toBe(100);
    expect((error as Error).message).toMatch(/clu_a is limited to 10\/s \(burst 3\); retry in 100 ms/);
    limiter.take("clu_b"); // another cluster has its own bucket
    t += 100;
    limiter.take("clu_a");
    expect(() => limiter.take("clu_a")).toThrow(/retry in/);
  });
});
