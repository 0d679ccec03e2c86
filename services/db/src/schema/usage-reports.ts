import { index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { at, createdAt } from "./columns.ts";

/**
 * The ledger of metered usage: one row per org per closed hour, frozen when the hour
 * closes (its proxy-hours then), sent to Stripe as one meter event whose `identifier` is
 * the row's, so no retry or replay bills it twice. `pending` until Stripe accepted it.
 */
export const usageReports = pgTable(
  "usage_reports",
  {
    orgId: text("org_id").notNull(),
    hour: at("hour").notNull(),
    proxyHours: integer("proxy_hours").notNull(),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    /** The meter event's identifier: `<org>:<hour ISO>`. */
    identifier: text("identifier").notNull(),
    /** pending → reported (Stripe holds it), or expired (older than Stripe's 35-day window) */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at"),
    lastError: text("last_error"),
    reportedAt: at("reported_at"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.hour] }),
    uniqueIndex("usage_reports_identifier_key").on(t.identifier),
    index("usage_reports_pending_idx").on(t.status, t.nextAttemptAt),
  ],
);
