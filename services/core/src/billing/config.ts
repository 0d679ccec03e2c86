import { z } from "zod";

/** An optional setting where an empty value means unset (as `FOO=` in an env file). */
const optional = (schema: z.ZodString) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/**
 * Billing's settings (README "Billing"). Without STRIPE_SECRET_KEY billing is off: no
 * limits, nothing metered, `GET /v1/billing` says so. With it, the webhook secret and the
 * Team price are required too (`billingConfigErrors`).
 */
export const billingConfigFields = {
  /** `sk_live_…`/`sk_test_…` (or a restricted key with customers, checkout, portal, meter events). */
  STRIPE_SECRET_KEY: optional(z.string()),
  /** `whsec_…` of the webhook endpoint pointing at `/v1/billing/stripe-webhook`. */
  STRIPE_WEBHOOK_SECRET: optional(z.string()),
  /** The Team plan's metered price (`price_…`), attached to the proxy-hours meter. */
  STRIPE_TEAM_PRICE_ID: optional(z.string()),
  /** Subscriptions on this price are Enterprise (limits from the subscription's metadata). */
  STRIPE_ENTERPRISE_PRICE_ID: optional(z.string()),
  /** The meter's `event_name`. */
  STRIPE_METER_EVENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, "letters, digits, _ . - (at most 100)")
    .default("trellis_proxy_hours"),
  /** Another Stripe API base URL (a local stand-in or stripe-mock): `http://127.0.0.1:12111`. */
  STRIPE_API_URL: optional(z.string().url()),
  /** Retries the Stripe SDK makes itself on network errors, 409 and 5xx (same idempotency key). */
  STRIPE_MAX_NETWORK_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** After a failed payment the paid limits hold this long, then Free's (running proxies stay). */
  BILLING_GRACE_PERIOD_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(24 * 7),
  /** An hour's proxy-hours are frozen and reported this long after the hour ends (late reports). */
  BILLING_METER_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(300_000),
  /** A failed meter report is retried after this, doubling per attempt up to an hour. */
  BILLING_RETRY_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
};

type BillingSettings = {
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_WEBHOOK_SECRET?: string | undefined;
  STRIPE_TEAM_PRICE_ID?: string | undefined;
};

/** Whether the settings turn billing on: a secret key is set. */
export function billingEnabled(config: BillingSettings): boolean {
  return Boolean(config.STRIPE_SECRET_KEY);
}

/** What is missing for billing to run: none of the three set is fine (billing off). */
export function billingConfigErrors(config: BillingSettings): string[] {
  const required = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_TEAM_PRICE_ID"] as const;
  const set = required.filter((k) => config[k]);
  if (set.length === 0 || set.length === required.length) return [];
  return required
    .filter((k) => !config[k])
    .map(
      (k) =>
        `${k}: required when ${set.join(", ")} ${set.length === 1 ? "is" : "are"} set (billing needs all three)`,
    );
}
