import { describe, expect, it } from "vitest";
import { isEjected, maxEjected, newOutlierState, type OutlierSpec, recordOutcome } from "./outlier.ts";

const spec: OutlierSpec = {
  consecutiveFailures: 3,
  consecutiveConnectFailures: 0,
  baseEjectionMs: 1000,
  maxEjectionMs: 2500,
  maxEjectionPercent: 50,
};

describe("outlier detection", () => {
  it("ejects after N consecutive failures, and a success breaks the streak", () => {
    const s = newOutlierState();
    expect(recordOutcome(s, "failure", 0, spec, 0, 4)).toBe(false);
    expect(recordOutcome(s, "failure", 0, spec, 0, 4)).toBe(false);
    expect(recordOutcome(s, "ok", 0, spec, 0, 4)).toBe(false);
    expect(recordOutcome(s, "failure", 0, spec, 0, 4)).toBe(false);
    expect(recordOutcome(s, "failure", 0, spec, 0, 4)).toBe(false);
    expect(recordOutcome(s, "failure", 10, spec, 0, 4)).toBe(true);
    expect(isEjected(s, 500)).toBe(true);
    expect(isEjected(s, 1010)).toBe(false);
  });

  it("re-ejects on the first failure after returning, for longer, up to the cap", () => {
    const s = newOutlierState();
    for (let i = 0; i < 3; i++) recordOutcome(s, "failure", 0, spec, 0, 4);
    expect(s.ejectedUntilMs).toBe(1000);
    expect(recordOutcome(s, "failure", 1000, spec, 0, 4)).toBe(true); // probation failure
    expect(s.ejectedUntilMs).toBe(3000); // 2 × base
    expect(recordOutcome(s, "failure", 3000, spec, 0, 4)).toBe(true);
    expect(s.ejectedUntilMs).toBe(5500); // 3 × base capped at 2.5 s
  });

  it("returns to the pool for good after a success on probation", () => {
    const s = newOutlierState();
    for (let i = 0; i < 3; i++) recordOutcome(s, "failure", 0, spec, 0, 4);
    recordOutcome(s, "ok", 1000, spec, 0, 4);
    expect(recordOutcome(s, "failure", 1001, spec, 0, 4)).toBe(false);
    expect(s.consecutiveFailures).toBe(1);
  });

  it("forgets one past ejection per base ejection time spent healthy", () => {
    const s = newOutlierState();
    for (let i = 0; i < 3; i++) recordOutcome(s, "failure", 0, spec, 0, 4);
    recordOutcome(s, "ok", 1500, spec, 0, 4);
    expect(s.ejections).toBe(1);
    recordOutcome(s, "ok", 2100, spec, 0, 4);
    expect(s.ejections).toBe(0);
  });

  it("never ejects more than the max percent of endpoints", () => {
    expect(maxEjected(3, 50)).toBe(1);
    expect(maxEjected(1, 50)).toBe(0);
    const s = newOutlierState();
    for (let i = 0; i < 5; i++) expect(recordOutcome(s, "failure", 0, spec, 1, 3)).toBe(false);
    expect(recordOutcome(s, "failure", 0, spec, 0, 3)).toBe(true);
  });

  it("ignores failures of requests sent before the ejection", () => {
    const s = newOutlierState();
    for (let i = 0; i < 3; i++) recordOutcome(s, "failure", 0, spec, 0, 4);
    const until = s.ejectedUntilMs;
    recordOutcome(s, "failure", 10, spec, 1, 4);
    expect(s.ejectedUntilMs).toBe(until);
    expect(s.ejections).toBe(1);
  });

  it("counts connect failures on their own streak, which anything else from the endpoint clears", () => {
    // The mesh's failure accrual: only connect failures, three in a row.
    const accrual: OutlierSpec = { ...spec, consecutiveFailures: 0, consecutiveConnectFailures: 3 };
    const s = newOutlierState();
    recordOutcome(s, "connect-failure", 0, accrual, 0, 4);
    recordOutcome(s, "connect-failure", 0, accrual, 0, 4);
    expect(recordOutcome(s, "failure", 0, accrual, 0, 4)).toBe(false); // a 5xx: it connected
    expect(s.consecutiveConnectFailures).toBe(0);
    for (let i = 0; i < 2; i++) expect(recordOutcome(s, "connect-failure", 0, accrual, 0, 4)).toBe(false);
    expect(recordOutcome(s, "connect-failure", 0, accrual, 0, 4)).toBe(true);
    // On probation, the next connect failure ejects it again.
    expect(recordOutcome(s, "connect-failure", 1000, accrual, 0, 4)).toBe(true);
  });

  it("counts connect failures among failures too, so a CircuitBreaker's threshold sees both", () => {
    const s = newOutlierState();
    recordOutcome(s, "failure", 0, spec, 0, 4);
    recordOutcome(s, "connect-failure", 0, spec, 0, 4);
    expect(recordOutcome(s, "failure", 0, spec, 0, 4)).toBe(true);
  });
});
