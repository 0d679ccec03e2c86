import { schema, type Tx } from "@trellis/db";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record.ts";
import type { Context } from "../context.ts";
import { type AccountRow, stripeActor } from "./account.ts";
import { hourStart, nextHour } from "./hours.ts";
import { endedStatuses, type SubscriptionState } from "./subscription-state.ts";

/**
 * Applies a subscription as Stripe last described it (checkout completed, updated, deleted)
 * to the org's account, in the webhook's transaction. Events can arrive out of order, so an
 * event older than the newest one applied changes nothing; a deletion of a subscription the
 * account has since replaced changes nothing either. Returns whether anything changed.
 */
export async function applySubscription(
  ctx: Context,
  tx: Tx,
  account: AccountRow,
  state: SubscriptionState,
  eventAt: Date,
  deleted: boolean,
): Promise<boolean> {
  if (account.subscriptionEventAt && eventAt < account.subscriptionEventAt) return false;
  const current = account.stripeSubscriptionId;
  const ended = deleted || endedStatuses.has(state.status);
  if (ended && current && current !== state.subscriptionId) return false;
  const b = schema.billingAccounts;
  const period = {
    subscriptionStatus: state.status,
    priceId: state.priceId,
    currentPeriodStart: state.currentPeriodStart,
    currentPeriodEnd: state.currentPeriodEnd,
    cancelAtPeriodEnd: state.cancelAtPeriodEnd,
    subscriptionEventAt: eventAt,
    updatedAt: ctx.clock.now(),
  };
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(tx, stripeActor(account.orgId), null, { action, target: account.orgId, details });
  if (ended) {
    await tx
      .update(b)
      .set({
        ...period,
        plan: "free",
        // The hour it ended in is still billed; nothing after it.
        meteredUntil: account.meteredFrom && !account.meteredUntil ? nextHour(eventAt) : account.meteredUntil,
        paymentFailedAt: null,
        graceEndsAt: null,
        customLimits: null,
      })
      .where(eq(b.orgId, account.orgId));
    await setOrgPlan(tx, account.orgId, "free");
    if (account.plan !== "free")
      await audit("billing.subscription_ended", { subscription: state.subscriptionId });
    return true;
  }
  if (!state.plan) {
    ctx.logger.warn("subscription has no price this control plane knows; plan unchanged", {
      orgId: account.orgId,
      subscription: state.subscriptionId,
      price: state.priceId,
    });
  }
  const plan = state.plan ?? account.plan;
  const starting = account.plan === "free" || current !== state.subscriptionId;
  await tx
    .update(b)
    .set({
      ...period,
      plan,
      stripeSubscriptionId: state.subscriptionId,
      customLimits: state.customLimits,
      ...(starting ? { meteredFrom: hourStart(eventAt), meteredUntil: null } : {}),
    })
    .where(eq(b.orgId, account.orgId));
  await setOrgPlan(tx, account.orgId, plan);
  if (starting) await audit("billing.subscribed", { plan, subscription: state.subscriptionId });
  else if (plan !== account.plan) await audit("billing.plan_changed", { from: account.plan, to: plan });
  return true;
}

/** `orgs.plan` mirrors the subscribed plan, as `/v1/me` shows it. */
async function setOrgPlan(tx: Tx, orgId: string, plan: string): Promise<void> {
  await tx.update(schema.orgs).set({ plan }).where(eq(schema.orgs.id, orgId));
}
