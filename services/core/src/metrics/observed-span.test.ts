import { describe, expect, it } from "vitest";
import { seriesOf } from "./aggregate.ts";
import { emptyBuckets } from "./histogram.ts";
import { firstOf, observedSeconds, refinedByJoin } from "./observed-span.ts";
import { windowRange } from "./window.ts";

const at = (hhmmss: string) => Date.parse(`2026-03-02T${hhmmss}Z`);

describe("observedSeconds", () => {
  const now = at("10:02:00");
  it("counts a young mesh from its first traffic, not from the start of the window", () => {
    // The case: 2 minutes of 4 rps read over "1h" must stay 4 rps, not 0.13.
    expect(observedSeconds(windowRange("1h", now), now, at("10:00:00"))).toBe(120);
  });
  it("is the window up to now when traffic predates it, and the window without traffic", () => {
    expect(observedSeconds(windowRange("5m", now), now, at("09:00:00"))).toBe(240);
    expect(observedSeconds(windowRange("5m", now), now, null)).toBe(240);
  });
  it("is never zero", () => {
    expect(observedSeconds(windowRange("5m", now), now, now)).toBe(1);
  });
});

describe("firstOf", () => {
  it("refines an hour row by a minute row inside its hour, else takes the earlier", () => {
    expect(firstOf(at("10:40:00"), at("10:00:00"))).toBe(at("10:40:00"));
    expect(firstOf(at("12:40:00"), at("10:00:00"))).toBe(at("10:00:00"));
    expect(firstOf(null, at("10:00:00"))).toBe(at("10:00:00"));
    expect(firstOf(at("10:40:00"), null)).toBe(at("10:40:00"));
    expect(firstOf(null, null)).toBeNull();
  });
});

describe("refinedByJoin", () => {
  it("narrows the first minute to the first connector's join inside it, and ignores a join outside it", () => {
    expect(refinedByJoin(at("10:00:00"), at("10:00:50"))).toBe(at("10:00:50"));
    expect(refinedByJoin(at("10:00:00"), at("09:59:10"))).toBe(at("10:00:00"));
    expect(refinedByJoin(at("10:00:00"), at("10:05:00"))).toBe(at("10:00:00"));
    expect(refinedByJoin(null, at("10:00:50"))).toBeNull();
    expect(refinedByJoin(at("10:00:00"), null)).toBe(at("10:00:00"));
  });
});

describe("seriesOf", () => {
  it("marks the bucket in progress partial with its rate over the elapsed seconds", () => {
    const now = at("10:01:15");
    const range = windowRange("5m", now);
    const row = (start: string, requests: number) => ({
      bucketStartMs: at(start),
      sourceNamespace: "a",
      sourceService: "a",
      destinationNamespace: "a",
      destinationService: "b",
      route: "",
      requests,
      successes: requests,
      latencyBuckets: emptyBuckets(),
      denied: {},
    });
    const { series, totals } = seriesOf([row("10:00:00", 240), row("10:01:00", 60)], range, now, 75);
    expect(series.map((p) => [p.start.slice(11, 16), p.rps, p.partial])).toEqual([
      ["09:57", 0, false],
      ["09:58", 0, false],
      ["09:59", 0, false],
      ["10:00", 4, false],
      ["10:01", 4, true],
    ]);
    expect(totals.rps).toBe(4);
  });
});
