import { schema, type Tx } from "@trellis/db";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Context } from "../context.ts";
import { AppError, conflict } from "../errors.ts";
import { accountOfCustomer } from "./account.ts";
import { applyInvoicePaid, applyPaymentFailed } from "./apply-invoice.ts";
import { applySubscription } from "./apply-subscription.ts";
import { withStripe } from "./stripe-errors.ts";
import { type SubscriptionState, subscriptionState } from "./subscription-state.ts";

export interface WebhookOutcome {
  /** The event id was seen before: nothing was done again. */
  duplicate: boolean;
  /** The event changed an account (false for types we ignore, stale or unknown customers). */
  applied: boolean;
}

const idOf = (v: string | { id: string } | null) => (v === null ? null : typeof v === "string" ? v : v.id);

/**
 * `POST /v1/billing/stripe-webhook`: verifies the Stripe-Signature of the raw body with
 * `stripe.webhooks.constructEvent` (a forged or stale one is a 400 and nothing changes),
 * then applies the event once: its id is inserted into `stripe_events` in the transaction
 * that applies it, so a redelivery or replay finds the row and does nothing again.
 */
export async function handleStripeWebhook(
  ctx: Context,
  input: { payload: string; signature: string | undefined },
): Promise<WebhookOutcome> {
  const billing = ctx.billing;
  if (!billing.enabled) throw conflict("billing is off on this control plane (no STRIPE_SECRET_KEY)");
  let event: Stripe.Event;
  try {
    event = billing.stripe.webhooks.constructEvent(
      input.payload,
      input.signature ?? "",
      billing.webhookSecret,
      undefined,
      undefined,
      // Our clock, in ms: the 5-minute tolerance refuses a captured event replayed later.
      ctx.clock.now().getTime(),
    );
  } catch (err) {
    throw new AppError(
      "bad_request",
      `the Stripe-Signature header does not verify: ${(err as Error).message}`,
    );
  }
  // The subscription a completed Checkout created is read before the transaction.
  const checkoutSubscription =
    event.type === "checkout.session.completed" && event.data.object.mode === "subscription"
      ? await retrieveSubscription(ctx, idOf(event.data.object.subscription))
      : null;
  return ctx.db.transaction(async (tx) => {
    const first = await tx
      .insert(schema.stripeEvents)
      .values({ id: event.id, type: event.type, eventCreatedAt: new Date(event.created * 1000) })
      .onConflictDoNothing()
      .returning({ id: schema.stripeEvents.id });
    if (first.length === 0) return { duplicate: true, applied: false };
    const orgId = await apply(ctx, tx, event, checkoutSubscription);
    if (orgId)
      await tx.update(schema.stripeEvents).set({ orgId }).where(eq(schema.stripeEvents.id, event.id));
    return { duplicate: false, applied: orgId !== null };
  });
}

/** Applies one event; returns the org it changed, or null. */
async function apply(
  ctx: Context,
  tx: Tx,
  event: Stripe.Event,
  checkoutSubscription: SubscriptionState | null,
): Promise<string | null> {
  const at = new Date(event.created * 1000);
  const customer = customerOf(event);
  const account = customer ? await accountOfCustomer(tx, customer) : null;
  if (!account) {
    if (customer)
      ctx.logger.warn("Stripe event for a customer we do not know", { event: event.id, customer });
    return null;
  }
  const changed = await (async () => {
    switch (event.type) {
      case "checkout.session.completed":
        return checkoutSubscription
          ? applySubscription(ctx, tx, account, checkoutSubscription, at, false)
          : false;
      case "customer.subscription.created":
      case "customer.subscription.updated":
      case "customer.subscription.deleted":
        return applySubscription(
          ctx,
          tx,
          account,
          subscriptionState(event.data.object, prices(ctx)),
          at,
          event.type === "customer.subscription.deleted",
        );
      case "invoice.payment_failed":
        return applyPaymentFailed(ctx, tx, account, at);
      case "invoice.paid":
        return applyInvoicePaid(ctx, tx, account, at);
      default:
        return false;
    }
  })();
  return changed ? account.orgId : null;
}

function customerOf(event: Stripe.Event): string | null {
  switch (event.type) {
    case "checkout.session.completed":
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
    case "invoice.payment_failed":
    case "invoice.paid":
      return idOf(event.data.object.customer);
    default:
      return null;
  }
}

function prices(ctx: Context) {
  if (!ctx.billing.enabled) throw new Error("billing is off");
  return { team: ctx.billing.teamPriceId, enterprise: ctx.billing.enterprisePriceId };
}

async function retrieveSubscription(ctx: Context, id: string | null): Promise<SubscriptionState | null> {
  if (!id || !ctx.billing.enabled) return null;
  const { stripe } = ctx.billing;
  const sub = await withStripe(ctx, "reading the subscription", () => stripe.subscriptions.retrieve(id));
  return subscriptionState(sub, prices(ctx));
}
