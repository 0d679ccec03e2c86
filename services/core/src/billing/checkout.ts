import type { BillingRedirect, CheckoutInput } from "@trellis/protocol/api";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { conflict } from "../errors.ts";
import type { VerbArgs } from "../verb.ts";
import { standingOfOrg } from "./account.ts";
import { ensureCustomer } from "./ensure-customer.ts";
import { withStripe } from "./stripe-errors.ts";

/**
 * `POST /v1/billing/checkout`: a Stripe Checkout Session for the Team plan (owner only).
 * The plan changes when Stripe's `checkout.session.completed` webhook arrives, not here:
 * the browser's return to `success_url` proves nothing.
 */
export async function createCheckout({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<CheckoutInput & { consoleUrl: string }>): Promise<BillingRedirect> {
  authorize(actor, "billing");
  const billing = ctx.billing;
  if (!billing.enabled)
    throw conflict(
      "billing is off on this control plane (no Stripe keys): there is nothing to upgrade, no limits apply",
    );
  const standing = await standingOfOrg(ctx, ctx.db, actor.orgId);
  if (standing.subscribedPlan !== "free")
    throw conflict(
      `this organisation already subscribes to ${standing.subscribedPlan}; change or pay it in the Customer Portal (POST /v1/billing/portal)`,
    );
  const account = await ensureCustomer(ctx, actor);
  const back = `${input.consoleUrl}/settings/billing`;
  const session = await withStripe(ctx, "creating the Checkout Session", () =>
    billing.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: account.stripeCustomerId,
      client_reference_id: actor.orgId,
      // A metered price takes no quantity: usage comes from the meter.
      line_items: [{ price: billing.teamPriceId }],
      success_url: `${back}?checkout=success`,
      cancel_url: `${back}?checkout=canceled`,
      metadata: { trellis_org_id: actor.orgId },
      subscription_data: { metadata: { trellis_org_id: actor.orgId } },
    }),
  );
  if (!session.url) throw conflict("Stripe returned a Checkout Session without a URL");
  await ctx.db.transaction((tx) =>
    recordAudit(tx, actor, requestId, {
      action: "billing.checkout",
      target: actor.orgId,
      details: { plan: input.plan ?? "team", session: session.id },
    }),
  );
  return { url: session.url };
}
