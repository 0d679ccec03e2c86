import { boolean, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { at, orgId, updatedAt } from "./columns.ts";
import { orgs } from "./orgs.ts";

/**
 * An org's standing with Stripe: its customer, its subscription as the newest webhook told
 * it, and a failed payment's grace period. One row per org, made when the org first opens
 * Checkout; an org without a row is on Free. `orgs.plan` mirrors `plan` for `/v1/me`.
 */
export const billingAccounts = pgTable(
  "billing_accounts",
  {
    orgId: orgId()
      .primaryKey()
      .references(() => orgs.id, { onDelete: "cascade" }),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    stripeSubscriptionId: text("stripe_subscription_id"),
    /** free | team | enterprise: the plan the subscription pays for (free without one). */
    plan: text("plan").notNull().default("free"),
    /** Stripe's subscription status (active, past_due, canceled, …); null without a subscription. */
    subscriptionStatus: text("subscription_status"),
    priceId: text("price_id"),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    currentPeriodStart: at("current_period_start"),
    currentPeriodEnd: at("current_period_end"),
    /** Enterprise limits agreed by contract (subscription metadata), `{meshes, proxies}`. */
    customLimits: jsonb("custom_limits").$type<{ meshes?: number; proxies?: number }>(),
    /** `created` of the newest subscription event applied: older ones arriving late are ignored. */
    subscriptionEventAt: at("subscription_event_at"),
    /** Proxy-hours from this hour on are reported to the meter; until `meteredUntil` (exclusive). */
    meteredFrom: at("metered_from"),
    meteredUntil: at("metered_until"),
    /** The first unpaid invoice's failure; cleared when an invoice is paid. */
    paymentFailedAt: at("payment_failed_at"),
    graceEndsAt: at("grace_ends_at"),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("billing_accounts_customer_key").on(t.stripeCustomerId)],
);
