import { describe, expect, it } from "vitest";
import { pointerToPath } from "./errors.ts";
import { backoffDelayMs, isReplayable, parseRetryAfter, retryPolicy } from "./retry.ts";

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP dates, ignores garbage", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("0.5", now)).toBe(500);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("backoff", () => {
  it("doubles the ceiling per attempt up to the cap (full jitter)", () => {
    const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect([0, 1, 2, 3, 10].map((a) => backoffDelayMs(a, p, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelayMs(3, p, () => 0)).toBe(0);
  });

  it("replays after a network error only what is safe to replay", () => {
    expect(isReplayable("GET", false)).toBe(true);
    expect(isReplayable("PUT", false)).toBe(true);
    expect(isReplayable("POST", false)).toBe(false);
    expect(isReplayable("POST", true)).toBe(true);
    expect(isReplayable("PATCH", false)).toBe(false);
  });
});

describe("pointerToPath", () => {
  it("turns JSON pointers into dotted paths with indexes, unescaping ~0 and ~1", () => {
    expect(pointerToPath("/spec/rules/0/backendRefs/1/weight")).toBe("spec.rules[0].backendRefs[1].weight");
    expect(pointerToPath("/metadata/a~1b~0c")).toBe("metadata.a/b~c");
    expect(pointerToPath("")).toBe("");
  });
});
