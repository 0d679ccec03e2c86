import type { Billing } from "@trellis/sdk";
import { billingActions, limitUse, paymentBanner, usageDays } from "@trellis/web/lib/billing.ts";
import { describe, expect, it } from "vitest";

const base = {
  enabled: true,
  status: "free",
  plan: { id: "free", name: "Free", description: "", limits: { meshes: 1, proxies: 10 }, metered: false },
  subscribedPlan: "free",
  limits: { meshes: 1, proxies: 10 },
  subscription: null,
  paymentFailed: null,
  usage: { meshes: 0, proxies: 0, periodStart: "", periodEnd: "", proxyHours: 0, hours: [] },
  plans: [],
  detail: "",
} as unknown as Billing;

describe("usageDays", () => {
  it("sums hours into UTC days, every day of the period so far, gaps as zero", () => {
    const days = usageDays(
      [
        { hour: "2026-03-01T10:00:00.000Z", proxyHours: 3 },
        { hour: "2026-03-01T11:00:00.000Z", proxyHours: 3 },
        { hour: "2026-03-03T00:00:00.000Z", proxyHours: 2 },
      ],
      "2026-03-01T00:00:00.000Z",
      "2026-04-01T00:00:00.000Z",
      Date.parse("2026-03-03T12:00:00Z"),
    );
    expect(days).toEqual([
      { day: "2026-03-01", proxyHours: 6 },
      { day: "2026-03-02", proxyHours: 0 },
      { day: "2026-03-03", proxyHours: 2 },
    ]);
  });
});

describe("limitUse", () => {
  it("says how close to the limit, and nothing of a limit when there is none", () => {
    expect(limitUse(3, 10)).toEqual({ text: "3 of 10", ratio: 0.3, level: "ok" });
    expect(limitUse(8, 10).level).toBe("near");
    expect(limitUse(13, 10)).toEqual({ text: "13 of 10", ratio: 1, level: "full" });
    expect(limitUse(4, null)).toEqual({ text: "4 (no limit)", ratio: null, level: "ok" });
  });
});

describe("paymentBanner and billingActions", () => {
  it("warns during the grace period with the days left, and alarms once downgraded", () => {
    const grace = {
      ...base,
      status: "grace",
      plan: { ...base.plan, name: "Team" },
      paymentFailed: { at: "2026-03-01T00:00:00Z", graceEndsAt: "2026-03-08T00:00:00Z" },
    } as Billing;
    expect(paymentBanner(grace, Date.parse("2026-03-05T12:00:00Z"))).toMatchObject({
      tone: "warn",
      text: expect.stringContaining("Team limits stay for 3 more days"),
    });
    expect(paymentBanner({ ...base, status: "downgraded" } as Billing, 0)).toMatchObject({ tone: "bad" });
    expect(paymentBanner(base, 0)).toBeNull();
  });

  it("offers upgrade on Free, manage with a subscription, nothing when billing is off", () => {
    expect(billingActions(base)).toEqual({ upgrade: true, manage: false });
    expect(billingActions({ ...base, subscribedPlan: "team", subscription: {} } as Billing)).toEqual({
      upgrade: false,
      manage: true,
    });
    expect(billingActions({ ...base, enabled: false })).toEqual({ upgrade: false, manage: false });
  });
});
