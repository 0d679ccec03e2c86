import * as objects from "./objects.ts";
import type { StandInState } from "./state.ts";
import type { StripeEvent } from "./webhooks.ts";

// What happens on Stripe's side when a person acts (pays at Checkout, a card declines, the
// owner cancels in the portal): the objects change and the events Stripe would send are
// returned, in the order Stripe typically sends them.

type Emit = (type: string, object: Record<string, unknown>) => StripeEvent;

export function completeCheckout(state: StandInState, emit: Emit, sessionId: string): StripeEvent[] {
  const session = state.sessions.get(sessionId);
  if (!session) throw new Error(`no Checkout Session ${sessionId}`);
  if (session.status !== "open") throw new Error(`Checkout Session ${sessionId} is ${session.status}`);
  const now = state.now();
  const sub = objects.subscription(now, {
    customer: session.customer,
    prices: session.__lineItems.map((i) => i.price),
    metadata: session.__subscriptionMetadata,
  });
  const inv = objects.invoice(now, sub, "paid", 1);
  sub.latest_invoice = inv.id;
  state.subscriptions.set(sub.id, sub);
  state.invoices.set(inv.id, inv);
  Object.assign(session, { status: "complete", payment_status: "paid", subscription: sub.id });
  return [
    emit("customer.subscription.created", sub),
    emit("invoice.paid", inv),
    emit("checkout.session.completed", session),
  ];
}

/** The customer's live subscription (the newest not canceled). */
export function subscriptionOf(state: StandInState, customer: string): objects.Subscription {
  const subs = [...state.subscriptions.values()].filter(
    (s) => s.customer === customer && s.status !== "canceled",
  );
  const sub = subs.at(-1);
  if (!sub) throw new Error(`customer ${customer} has no live subscription`);
  return sub;
}

/** A renewal invoice whose card is declined: the subscription goes past_due. */
export function failPayment(state: StandInState, emit: Emit, customer: string): StripeEvent[] {
  const sub = subscriptionOf(state, customer);
  const inv = objects.invoice(state.now(), sub, "open", 1);
  state.invoices.set(inv.id, inv);
  sub.latest_invoice = inv.id;
  sub.status = "past_due";
  return [emit("invoice.payment_failed", inv), emit("customer.subscription.updated", sub)];
}

/** The open invoice is paid (a new card in the portal): the subscription is active again. */
export function payOpenInvoice(state: StandInState, emit: Emit, customer: string): StripeEvent[] {
  const sub = subscriptionOf(state, customer);
  const open = [...state.invoices.values()].find((i) => i.customer === customer && i.status === "open");
  if (!open) throw new Error(`customer ${customer} has no open invoice`);
  Object.assign(open, { status: "paid", attempt_count: open.attempt_count + 1, next_payment_attempt: null });
  sub.status = "active";
  return [emit("invoice.paid", open), emit("customer.subscription.updated", sub)];
}

/** The subscription is canceled now (portal, or Stripe giving up on an unpaid invoice). */
export function cancelSubscription(state: StandInState, emit: Emit, customer: string): StripeEvent[] {
  const sub = subscriptionOf(state, customer);
  const now = state.now();
  Object.assign(sub, { status: "canceled", canceled_at: now, ended_at: now });
  return [emit("customer.subscription.deleted", sub)];
}
