import type { Billing, BillingRedirect, CheckoutInput } from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import type { RequestOptions, Transport } from "../transport.ts";

/**
 * The org's billing (owner only): plan, standing, limits and usage, and the Stripe-hosted
 * pages to upgrade (Checkout) and to manage the subscription (Customer Portal).
 *
 * @example
 * const billing = await client.billing.get();
 * if (billing.enabled && billing.plan.id === "free") location.href = (await client.billing.checkout()).url;
 */
export class BillingNamespace {
  /** @internal */
  constructor(private readonly t: Transport) {}

  /** Plan, standing (`off` when the control plane has no Stripe keys), limits, this period's proxy-hours. */
  async get(options: RequestOptions = {}): Promise<Billing> {
    return (await this.t.call<Billing>(operations.getBilling, options)).body;
  }

  /**
   * A Stripe Checkout URL for the Team plan: send the browser there. The plan changes when
   * Stripe confirms the payment (a webhook), usually seconds after the person pays.
   */
  async checkout(input: CheckoutInput = {}, options: RequestOptions = {}): Promise<BillingRedirect> {
    return (await this.t.call<BillingRedirect>(operations.createCheckout, { ...options, body: input })).body;
  }

  /** A Stripe Customer Portal URL: change the card, pay an open invoice, see invoices, cancel. */
  async portal(options: RequestOptions = {}): Promise<BillingRedirect> {
    return (await this.t.call<BillingRedirect>(operations.createPortal, { ...options, body: {} })).body;
  }
}
