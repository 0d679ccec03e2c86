import type { BillingStatus, PlanId, PlanLimits } from "@trellis/protocol/api";
import { limitsOf } from "./plans.ts";

/** What standing is computed from: the billing account as the webhooks left it. */
export interface AccountState {
  plan: PlanId;
  subscriptionStatus: string | null;
  customLimits: Partial<Record<keyof PlanLimits, number>> | null;
  paymentFailedAt: Date | null;
  graceEndsAt: Date | null;
}

export interface Standing {
  status: BillingStatus;
  /** The plan whose limits apply now. */
  plan: PlanId;
  subscribedPlan: PlanId;
  limits: PlanLimits;
}

const unlimited: PlanLimits = { meshes: null, proxies: null };
/** Stripe statuses in which a paid plan's limits apply (past_due: a failed payment's grace decides). */
const paying = new Set(["active", "trialing", "past_due"]);

/**
 * Which limits apply to an org now (pure). Billing off: none. A paid plan keeps its limits
 * while the subscription is paying and, after a failed payment, until the grace period
 * ends; then Free's apply — to what is created or connects next, never to what runs.
 */
export function standingOf(account: AccountState | null, now: Date, enabled: boolean): Standing {
  const subscribedPlan = account?.plan ?? "free";
  if (!enabled) return { status: "off", plan: subscribedPlan, subscribedPlan, limits: unlimited };
  const free = (status: BillingStatus): Standing => ({
    status,
    plan: "free",
    subscribedPlan,
    limits: limitsOf("free", null),
  });
  if (!account || subscribedPlan === "free")
    return free(account?.subscriptionStatus === "canceled" ? "canceled" : "free");
  const paid = (status: BillingStatus): Standing => ({
    status,
    plan: subscribedPlan,
    subscribedPlan,
    limits: limitsOf(subscribedPlan, account.customLimits),
  });
  if (!paying.has(account.subscriptionStatus ?? "")) return free("downgraded");
  if (account.paymentFailedAt && account.graceEndsAt)
    return now < account.graceEndsAt ? paid("grace") : free("downgraded");
  return paid("active");
}
