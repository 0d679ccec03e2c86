import { pgTable, text } from "drizzle-orm/pg-core";
import { at, createdAt } from "./columns.ts";

/**
 * Every Stripe webhook event applied, by Stripe's event id: a redelivered or replayed event
 * finds its row and changes nothing. Inserted in the transaction that applies the event.
 */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  /** The event's own `created` (Stripe's clock). */
  eventCreatedAt: at("event_created_at").notNull(),
  /** The org it concerned, when one was found. */
  orgId: text("org_id"),
  receivedAt: createdAt(),
});
