import { text, timestamp } from "drizzle-orm/pg-core";

// Shared column builders: every tenant row carries org_id; times are timestamptz.
export const id = () => text("id").primaryKey();
export const orgId = () => text("org_id").notNull();
export const createdAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow();
export const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });
