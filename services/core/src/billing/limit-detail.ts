import type { PlanLimits } from "@trellis/protocol/api";
import { howToRaise, plans } from "./plans.ts";
import type { Standing } from "./standing.ts";

const nouns: Record<keyof PlanLimits, [string, string]> = {
  meshes: ["mesh", "meshes"],
  proxies: ["proxy", "proxies"],
};

/**
 * The detail of a limit error (pure): which limit, how many there are, and how to raise it.
 * A downgraded org is told why it has Free limits and that paying the open invoice lifts them.
 */
export function limitDetail(standing: Standing, what: keyof PlanLimits, max: number, count: number): string {
  const [one, many] = nouns[what];
  const plan = plans[standing.plan].name;
  const limit = `the ${plan} plan allows ${max} ${max === 1 ? one : many} and this organisation has ${count}`;
  if (standing.status === "downgraded")
    return `${limit}: it is on Free limits because a payment failed and the grace period ended (what already runs keeps running); an owner can pay the open invoice in the Customer Portal (Settings → Billing, or POST /v1/billing/portal) to restore the ${plans[standing.subscribedPlan].name} limits`;
  return `${limit}; ${howToRaise(standing.plan)}`;
}
