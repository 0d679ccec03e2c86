import { schema, type Tx } from "@trellis/db";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record.ts";
import type { Context } from "../context.ts";
import { type AccountRow, stripeActor } from "./account.ts";

/**
 * `invoice.payment_failed`: the first failure starts the grace period (Stripe's own retries
 * fail again without extending it); the paid plan's limits hold until it ends, then Free's.
 */
export async function applyPaymentFailed(
  ctx: Context,
  tx: Tx,
  account: AccountRow,
  eventAt: Date,
): Promise<boolean> {
  if (account.paymentFailedAt) return false;
  const graceEndsAt = new Date(eventAt.getTime() + ctx.config.BILLING_GRACE_PERIOD_HOURS * 3_600_000);
  await tx
    .update(schema.billingAccounts)
    .set({ paymentFailedAt: eventAt, graceEndsAt, updatedAt: ctx.clock.now() })
    .where(eq(schema.billingAccounts.orgId, account.orgId));
  await recordAudit(tx, stripeActor(account.orgId), null, {
    action: "billing.payment_failed",
    target: account.orgId,
    details: { graceEndsAt: graceEndsAt.toISOString() },
  });
  return true;
}

/** `invoice.paid`: a payment after the failure ends the grace period (or the downgrade). */
export async function applyInvoicePaid(
  ctx: Context,
  tx: Tx,
  account: AccountRow,
  eventAt: Date,
): Promise<boolean> {
  // An older invoice's payment arriving late does not settle a newer failure.
  if (!account.paymentFailedAt || eventAt < account.paymentFailedAt) return false;
  await tx
    .update(schema.billingAccounts)
    .set({ paymentFailedAt: null, graceEndsAt: null, updatedAt: ctx.clock.now() })
    .where(eq(schema.billingAccounts.orgId, account.orgId));
  await recordAudit(tx, stripeActor(account.orgId), null, {
    action: "billing.payment_recovered",
    target: account.orgId,
  });
  return true;
}
