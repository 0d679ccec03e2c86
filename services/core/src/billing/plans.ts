import type { Plan, PlanId, PlanLimits } from "@trellis/protocol/api";

/**
 * The plans, as data: what each allows and whether it is metered. Enterprise is custom:
 * unlimited unless its contract (the subscription's metadata) sets limits. Changing a
 * number here changes what every org on that plan may create from the next request on.
 */
export const plans: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    description: "1 mesh and 10 proxies, free forever.",
    limits: { meshes: 1, proxies: 10 },
    metered: false,
  },
  team: {
    id: "team",
    name: "Team",
    description: "25 meshes and 1,000 proxies, billed per proxy-hour.",
    limits: { meshes: 25, proxies: 1000 },
    metered: true,
  },
  enterprise: {
    id: "enterprise",
    name: "Enterprise",
    description: "Limits and price by contract; talk to us.",
    limits: { meshes: null, proxies: null },
    metered: true,
  },
};

export const planList: Plan[] = [plans.free, plans.team, plans.enterprise];

/** A plan's limits, with an Enterprise contract's own numbers over the plan's. */
export function limitsOf(plan: PlanId, custom: Partial<Record<keyof PlanLimits, number>> | null): PlanLimits {
  const base = plans[plan].limits;
  if (plan !== "enterprise" || !custom) return base;
  return { meshes: custom.meshes ?? base.meshes, proxies: custom.proxies ?? base.proxies };
}

/** What a limit error tells the caller to do, by plan. */
export function howToRaise(plan: PlanId): string {
  if (plan === "free")
    return "an owner can upgrade to Team on the console's Billing page (Settings → Billing) or with POST /v1/billing/checkout";
  if (plan === "team") return "contact us about Enterprise limits";
  return "contact us to raise your contract's limits";
}
