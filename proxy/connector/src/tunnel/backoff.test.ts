import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./backoff.ts";

describe("backoff", () => {
  const opts = { baseMs: 250, capMs: 30_000 };
  it("grows exponentially up to the cap", () => {
    const max = (attempt: number) => backoffDelayMs(attempt, opts, () => 0.999999);
    expect(max(0)).toBe(249);
    expect(max(1)).toBe(499);
    expect(max(3)).toBe(1_999);
    expect(max(7)).toBe(29_999);
    expect(max(1_000)).toBe(29_999);
  });
  it("is fully jittered: anywhere from zero", () => {
    expect(backoffDelayMs(5, opts, () => 0)).toBe(0);
    expect(backoffDelayMs(5, opts, () => 0.5)).toBe(4_000);
  });
});
