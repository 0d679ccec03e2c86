import { describe, expect, it } from "vitest";
import { type AccountState, standingOf } from "./standing.ts";

const now = new Date("2026-03-02T10:00:00Z");
const team = (over: Partial<AccountState> = {}): AccountState => ({
  plan: "team",
  subscriptionStatus: "active",
  customLimits: null,
  paymentFailedAt: null,
  graceEndsAt: null,
  ...over,
});

describe("standingOf", () => {
  it("lifts every limit when billing is off, whatever the account says", () => {
    expect(standingOf(team(), now, false)).toMatchObject({
      status: "off",
      limits: { meshes: null, proxies: null },
    });
    expect(standingOf(null, now, false).limits).toEqual({ meshes: null, proxies: null });
  });

  it("puts an org without an account on Free", () => {
    expect(standingOf(null, now, true)).toEqual({
      status: "free",
      plan: "free",
      subscribedPlan: "free",
      limits: { meshes: 1, proxies: 10 },
    });
  });

  it("keeps Team's limits during the grace period and drops to Free's at its end", () => {
    const failed = team({
      subscriptionStatus: "past_due",
      paymentFailedAt: new Date("2026-03-01T10:00:00Z"),
      graceEndsAt: new Date("2026-03-02T10:00:01Z"),
    });
    expect(standingOf(failed, now, true)).toMatchObject({
      status: "grace",
      plan: "team",
      limits: { proxies: 1000 },
    });
    expect(standingOf(failed, new Date("2026-03-02T10:00:01Z"), true)).toMatchObject({
      status: "downgraded",
      plan: "free",
      subscribedPlan: "team",
      limits: { meshes: 1, proxies: 10 },
    });
  });

  it("treats unpaid, paused and incomplete subscriptions as downgraded; a canceled one as canceled", () => {
    for (const s of ["unpaid", "paused", "incomplete"])
      expect(standingOf(team({ subscriptionStatus: s }), now, true).status, s).toBe("downgraded");
    expect(standingOf({ ...team(), plan: "free", subscriptionStatus: "canceled" }, now, true).status).toBe(
      "canceled",
    );
  });

  it("gives Enterprise its contract's limits, unlimited where the contract is silent", () => {
    const ent = team({ plan: "enterprise", customLimits: { proxies: 5000 } });
    expect(standingOf(ent, now, true).limits).toEqual({ meshes: null, proxies: 5000 });
  });
});
