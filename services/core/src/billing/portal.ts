import type { BillingRedirect } from "@trellis/protocol/api";
import { authorize } from "../actor.ts";
import { conflict } from "../errors.ts";
import type { VerbArgs } from "../verb.ts";
import { loadAccount } from "./account.ts";
import { withStripe } from "./stripe-errors.ts";

/**
 * `POST /v1/billing/portal`: a Stripe Customer Portal session (owner only), where the owner
 * changes the card, pays an open invoice, sees invoices or cancels. What they do there
 * comes back as webhooks.
 */
export async function createPortal({
  ctx,
  actor,
  input,
}: VerbArgs<{ consoleUrl: string }>): Promise<BillingRedirect> {
  authorize(actor, "billing");
  const billing = ctx.billing;
  if (!billing.enabled) throw conflict("billing is off on this control plane (no Stripe keys)");
  const account = await loadAccount(ctx.db, actor.orgId);
  if (!account)
    throw conflict("this organisation has no Stripe customer yet: upgrade first (POST /v1/billing/checkout)");
  const session = await withStripe(ctx, "creating the Customer Portal session", () =>
    billing.stripe.billingPortal.sessions.create({
      customer: account.stripeCustomerId,
      return_url: `${input.consoleUrl}/settings/billing`,
    }),
  );
  return { url: session.url };
}
