import { describe, expect, it } from "vitest";
import { quotaFromCgroup } from "./cpu-quota.ts";

describe("quotaFromCgroup", () => {
  it("reads cgroup v2 cpu.max", () => {
    expect(quotaFromCgroup("200000 100000\n")).toBe(2);
    expect(quotaFromCgroup("150000 100000\n")).toBe(2);
    expect(quotaFromCgroup("50000 100000\n")).toBe(1);
    expect(quotaFromCgroup("max 100000\n")).toBeUndefined();
  });

  it("reads cgroup v1 quota and period (-1 = no limit)", () => {
    expect(quotaFromCgroup(undefined, { quota: "400000\n", period: "100000\n" })).toBe(4);
    expect(quotaFromCgroup(undefined, { quota: "-1\n", period: "100000\n" })).toBeUndefined();
    expect(quotaFromCgroup(undefined, undefined)).toBeUndefined();
  });
});
