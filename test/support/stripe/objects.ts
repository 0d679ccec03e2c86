import { randomBytes } from "node:crypto";

// Stripe objects as the API returns them (the fields a Billing integration reads, with
// Stripe's names, types and nesting for API 2025-03-31 onwards: periods on subscription
// items, an invoice's subscription under `parent.subscription_details`).

export const stripeId = (prefix: string) =>
  `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;

export type StripeObject = Record<string, unknown> & { id: string; object: string };

export function customer(
  now: number,
  params: { name?: string; email?: string; metadata: Record<string, string> },
) {
  return {
    id: stripeId("cus"),
    object: "customer",
    address: null,
    balance: 0,
    created: now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: params.email ?? null,
    invoice_prefix: randomBytes(4).toString("hex").toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: params.metadata,
    name: params.name ?? null,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  } satisfies StripeObject;
}

export function checkoutSession(
  now: number,
  baseUrl: string,
  params: {
    customer: string;
    mode: string;
    clientReferenceId: string | null;
    lineItems: { price: string; quantity?: number }[];
    successUrl: string;
    cancelUrl: string;
    metadata: Record<string, string>;
    subscriptionMetadata: Record<string, string>;
  },
) {
  const id = stripeId("cs_test");
  return {
    id,
    object: "checkout.session",
    amount_subtotal: 0,
    amount_total: 0,
    cancel_url: params.cancelUrl,
    client_reference_id: params.clientReferenceId,
    created: now,
    currency: "usd",
    customer: params.customer,
    expires_at: now + 86_400,
    livemode: false,
    metadata: params.metadata,
    mode: params.mode,
    payment_status: "unpaid",
    status: "open",
    subscription: null as string | null,
    success_url: params.successUrl,
    ui_mode: "hosted",
    url: `${baseUrl}/c/pay/${id}`,
    // Kept by the stand-in to build the subscription when the session completes.
    __lineItems: params.lineItems,
    __subscriptionMetadata: params.subscriptionMetadata,
  };
}

/** A subscription with one item per price; the billing period lives on the items. */
export function subscription(
  now: number,
  params: { customer: string; prices: string[]; metadata: Record<string, string> },
) {
  const id = stripeId("sub");
  const periodEnd = now + 30 * 86_400;
  return {
    id,
    object: "subscription",
    billing_cycle_anchor: now,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null as number | null,
    collection_method: "charge_automatically",
    created: now,
    currency: "usd",
    customer: params.customer,
    ended_at: null as number | null,
    items: {
      object: "list",
      data: params.prices.map((price) => ({
        id: stripeId("si"),
        object: "subscription_item",
        created: now,
        current_period_end: periodEnd,
        current_period_start: now,
        metadata: {},
        price: {
          id: price,
          object: "price",
          active: true,
          billing_scheme: "per_unit",
          currency: "usd",
          recurring: { interval: "month", interval_count: 1, meter: "mtr_trellis", usage_type: "metered" },
          type: "recurring",
        },
        subscription: id,
      })),
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null as string | null,
    livemode: false,
    metadata: params.metadata,
    start_date: now,
    status: "active",
    trial_end: null,
    trial_start: null,
  };
}

export type Subscription = ReturnType<typeof subscription>;

export function invoice(now: number, sub: Subscription, status: "paid" | "open", attempts: number) {
  return {
    id: stripeId("in"),
    object: "invoice",
    amount_due: 0,
    amount_paid: 0,
    amount_remaining: 0,
    attempt_count: attempts,
    attempted: attempts > 0,
    billing_reason: "subscription_cycle",
    collection_method: "charge_automatically",
    created: now,
    currency: "usd",
    customer: sub.customer,
    livemode: false,
    next_payment_attempt: status === "open" ? now + 3 * 86_400 : null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: sub.metadata, subscription: sub.id },
      type: "subscription_details",
    },
    period_end: now,
    period_start: now - 30 * 86_400,
    status,
    total: 0,
  };
}

export function portalSession(
  now: number,
  baseUrl: string,
  params: { customer: string; returnUrl: string | null },
) {
  const id = stripeId("bps");
  return {
    id,
    object: "billing_portal.session",
    configuration: "bpc_default",
    created: now,
    customer: params.customer,
    livemode: false,
    locale: null,
    return_url: params.returnUrl,
    url: `${baseUrl}/p/session/${id}`,
  };
}

export function meterEvent(
  now: number,
  params: { eventName: string; identifier: string; payload: Record<string, string>; timestamp: number },
) {
  return {
    object: "billing.meter_event",
    created: now,
    event_name: params.eventName,
    identifier: params.identifier,
    livemode: false,
    payload: params.payload,
    timestamp: params.timestamp,
  };
}

/** The envelope Stripe delivers to webhook endpoints. */
export function event(now: number, apiVersion: string, type: string, object: Record<string, unknown>) {
  return {
    id: stripeId("evt"),
    object: "event",
    api_version: apiVersion,
    created: now,
    data: { object: publicView(object) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** An object without the stand-in's own bookkeeping fields (`__…`). */
export function publicView<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([k]) => !k.startsWith("__"))) as T;
}
