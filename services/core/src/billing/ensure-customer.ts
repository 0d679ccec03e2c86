import { schema } from "@trellis/db";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import type { Context } from "../context.ts";
import { type AccountRow, loadAccount } from "./account.ts";
import { withStripe } from "./stripe-errors.ts";

/**
 * The org's billing account, creating its Stripe customer the first time. The create
 * carries an idempotency key per org, so two owners opening Checkout at once (or a retry
 * after a lost answer) make one customer, and the row insert tolerates the race.
 */
export async function ensureCustomer(ctx: Context, actor: Actor): Promise<AccountRow> {
  const existing = await loadAccount(ctx.db, actor.orgId);
  if (existing) return existing;
  if (!ctx.billing.enabled) throw new Error("billing is off");
  const { stripe } = ctx.billing;
  const [org] = await ctx.db.select().from(schema.orgs).where(eq(schema.orgs.id, actor.orgId));
  const [user] = actor.userId
    ? await ctx.db.select().from(schema.users).where(eq(schema.users.id, actor.userId))
    : [];
  const customer = await withStripe(ctx, "creating the customer", () =>
    stripe.customers.create(
      {
        name: org!.name,
        ...(user ? { email: user.email } : {}),
        metadata: { trellis_org_id: actor.orgId },
      },
      { idempotencyKey: `trellis-customer-${actor.orgId}` },
    ),
  );
  await ctx.db
    .insert(schema.billingAccounts)
    .values({ orgId: actor.orgId, stripeCustomerId: customer.id })
    .onConflictDoNothing();
  return (await loadAccount(ctx.db, actor.orgId))!;
}
