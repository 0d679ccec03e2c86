import { plans } from "./plans.ts";
import type { Standing } from "./standing.ts";

/** `2026-03-09 10:00 UTC`. */
const when = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** One sentence for `GET /v1/billing`'s `detail` (pure). */
export function describeStanding(standing: Standing, graceEndsAt: Date | null): string {
  const subscribed = plans[standing.subscribedPlan].name;
  switch (standing.status) {
    case "off":
      return "Billing is off on this control plane (no Stripe keys are configured): no plan limits apply.";
    case "free":
      return "Free plan: 1 mesh and 10 proxies. Upgrade to Team for higher limits, billed per proxy-hour.";
    case "active":
      return `${subscribed} plan, paid and in good standing.`;
    case "grace":
      return `A payment failed. ${subscribed} limits hold until ${graceEndsAt ? when(graceEndsAt) : "the grace period ends"}; pay the open invoice in the Customer Portal to keep them.`;
    case "downgraded":
      return `A payment failed and the grace period ended: Free limits apply to new meshes and proxies (running proxies keep running). Pay the open invoice in the Customer Portal to restore ${subscribed}.`;
    case "canceled":
      return "The subscription ended: Free limits apply to new meshes and proxies.";
  }
}
