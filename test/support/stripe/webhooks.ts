import Stripe from "stripe";
import type { event } from "./objects.ts";

export type StripeEvent = ReturnType<typeof event>;

/** Where and how the stand-in delivers events, like a Stripe webhook endpoint. */
export interface WebhookEndpoint {
  url: string;
  secret: string;
}

export interface Delivery {
  eventId: string;
  type: string;
  status: number;
  body: string;
}

/**
 * Signs an event as Stripe does — the `Stripe-Signature` header made by the SDK's own
 * `webhooks.generateTestHeaderString` — and POSTs it to the endpoint.
 */
export async function deliver(
  endpoint: WebhookEndpoint,
  evt: StripeEvent,
  timestampSeconds: number,
  options: { payload?: string; signature?: string } = {},
): Promise<Delivery> {
  const payload = options.payload ?? JSON.stringify(evt, null, 2);
  const signature =
    options.signature ??
    Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: endpoint.secret,
      timestamp: timestampSeconds,
    });
  const res = await fetch(endpoint.url, {
    method: "POST",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "stripe-signature": signature,
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    },
    body: payload,
  });
  return { eventId: evt.id, type: evt.type, status: res.status, body: await res.text() };
}
