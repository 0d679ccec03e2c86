import { describe, expect, it } from "vitest";
import { isEjected, maxEjected, newOutlierState, type OutlierSpec, recordOutcome } from "./outlier.ts";

const spec: OutlierSpec = {
  consecutiveFailures: 3,
  baseEjectionMs: 1000,
  maxEjectionMs: 2500,
  maxEjectionPercent: 50,
};

describe("outlier detection", () => {
  it("ejects after N consecutive failures, and a success breaks the streak", () => {
    const s = newOutlierState();
    expect(recordOutcome(s, false, 0, spec, 0, 4)).toBe(false);
    expect(recordOutcome(s, false, 0, spec, 0, 4)).toBe(false);
    expect(recordOutcome(s, true, 0, spec, 0, 4)).toBe(false);
    expect(recordOutcome(s, false, 0, spec, 0, 4)).toBe(false);
    expect(recordOutcome(s, false, 0, spec, 0, 4)).toBe(false);
    expect(recordOutcome(s, false, 10, spec, 0, 4)).toBe(true);
    expect(isEjected(s, 500)).toBe(true);
    expect(isEjected(s, 1010)).toBe(false);
  });

  it("re-ejects on the first failure after returning, for longer, up to the cap", () => {
    const s = newOutlierState();
    for (let i = 0; i < 3; i++) recordOutcome(s, false, 0, spec, 0, 4);
    expect(s.ejectedUntilMs).toBe(1000);
    expect(recordOutcome(s, false, 1000, spec, 0, 4)).toBe(true); // probation failure
    expect(s.ejectedUntilMs).toBe(3000); // 2 × base
    expect(recordOutcome(s, false, 3000, spec, 0, 4)).toBe(true);
    expect(s.ejectedUntilMs).toBe(5500); // 3 × base capped at 2.5 s
  });

  it("returns to the pool for good after a success on probation", () => {
    const s = newOutlierState();
    for (let i = 0; i < 3; i++) recordOutcome(s, false, 0, spec, 0, 4);
    recordOutcome(s, true, 1000, spec, 0, 4);
    expect(recordOutcome(s, false, 1001, spec, 0, 4)).toBe(false);
    expect(s.consecutiveFailures).toBe(1);
  });

  it("forgets one past ejection per base ejection time spent healthy", () => {
    const s = newOutlierState();
    for (let i = 0; i < 3; i++) recordOutcome(s, false, 0, spec, 0, 4);
    recordOutcome(s, true, 1500, spec, 0, 4);
    expect(s.ejections).toBe(1);
    recordOutcome(s, true, 2100, spec, 0, 4);
    expect(s.ejections).toBe(0);
  });

  it("never ejects more than the max percent of endpoints", () => {
    expect(maxEjected(3, 50)).toBe(1);
    expect(maxEjected(1, 50)).toBe(0);
    const s = newOutlierState();
    for (let i = 0; i < 5; i++) expect(recordOutcome(s, false, 0, spec, 1, 3)).toBe(false);
    expect(recordOutcome(s, false, 0, spec, 0, 3)).toBe(true);
  });

  it("ignores failures of requests sent before the ejection", () => {
    const s = newOutlierState();
    for (let i = 0; i < 3; i++) recordOutcome(s, false, 0, spec, 0, 4);
    const until = s.ejectedUntilMs;
    recordOutcome(s, false, 10, spec, 1, 4);
    expect(s.ejectedUntilMs).toBe(until);
    expect(s.ejections).toBe(1);
  });
});
