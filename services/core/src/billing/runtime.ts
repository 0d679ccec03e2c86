import type Stripe from "stripe";
import type { CoreConfig } from "../config.ts";
import { billingEnabled } from "./config.ts";

/** Billing as this process runs it: off, or on with one Stripe client built at start. */
export type BillingRuntime =
  | { enabled: false }
  | {
      enabled: true;
      stripe: Stripe;
      webhookSecret: string;
      teamPriceId: string;
      enterprisePriceId: string | null;
      meterEventName: string;
    };

/**
 * Builds the Stripe client once (README "Billing"); `STRIPE_API_URL` points it at another
 * host speaking Stripe's API (a local stand-in in tests). The SDK's own retries reuse one
 * idempotency key per call, so a lost answer is replayed rather than applied twice. The
 * SDK is loaded only when billing is on: it is the largest module of the control plane
 * (~1 s and tens of MB), which a control plane without billing never needs.
 */
export async function createBillingRuntime(config: CoreConfig): Promise<BillingRuntime> {
  if (!billingEnabled(config)) return { enabled: false };
  const { default: Stripe } = await import("stripe");
  const api = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : null;
  const stripe = new Stripe(config.STRIPE_SECRET_KEY!, {
    maxNetworkRetries: config.STRIPE_MAX_NETWORK_RETRIES,
    timeout: 20_000,
    appInfo: { name: "trellis-control-plane" },
    ...(api
      ? {
          host: api.hostname,
          port: api.port || (api.protocol === "https:" ? 443 : 80),
          protocol: api.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
  return {
    enabled: true,
    stripe,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET!,
    teamPriceId: config.STRIPE_TEAM_PRICE_ID!,
    enterprisePriceId: config.STRIPE_ENTERPRISE_PRICE_ID ?? null,
    meterEventName: config.STRIPE_METER_EVENT_NAME,
  };
}
