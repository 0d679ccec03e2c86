import { schema, type Tx } from "@trellis/db";
import type { PlanId } from "@trellis/protocol/api";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import type { Context } from "../context.ts";
import { type Standing, standingOf } from "./standing.ts";

export type AccountRow = typeof schema.billingAccounts.$inferSelect;
type Handle = Context["db"] | Tx;

/** The org's billing account, or null while it never opened Checkout (Free). */
export async function loadAccount(db: Handle, orgId: string): Promise<AccountRow | null> {
  const [row] = await db.select().from(schema.billingAccounts).where(eq(schema.billingAccounts.orgId, orgId));
  return row ?? null;
}

/** The account of a Stripe customer, locked for the webhook transaction that changes it. */
export async function accountOfCustomer(tx: Tx, customerId: string): Promise<AccountRow | null> {
  const [row] = await tx
    .select()
    .from(schema.billingAccounts)
    .where(eq(schema.billingAccounts.stripeCustomerId, customerId))
    .for("update");
  return row ?? null;
}

/** Which limits apply to the org now (billing/standing.ts). */
export async function standingOfOrg(ctx: Context, db: Handle, orgId: string): Promise<Standing> {
  if (!ctx.billing.enabled) return standingOf(null, ctx.clock.now(), false);
  const row = await loadAccount(db, orgId);
  return standingOf(
    row && {
      plan: row.plan as PlanId,
      subscriptionStatus: row.subscriptionStatus,
      customLimits: row.customLimits ?? null,
      paymentFailedAt: row.paymentFailedAt,
      graceEndsAt: row.graceEndsAt,
    },
    ctx.clock.now(),
    true,
  );
}

/** Webhook changes are audited as Stripe's doing, in the org they concern. */
export function stripeActor(orgId: string): Actor {
  return { orgId, role: "owner", userId: null, tokenId: null, label: "Stripe", via: "token" };
}
