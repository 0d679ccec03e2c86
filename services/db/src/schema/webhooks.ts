import { index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, orgId } from "./columns.ts";
import { orgs } from "./orgs.ts";

/** An org's alert webhook: flag raised/cleared events are POSTed to `url`, signed with `secret`. */
export const webhooks = pgTable(
  "webhooks",
  {
    id: id(),
    orgId: orgId().references(() => orgs.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /**
     * The HMAC key, shown once at creation. Kept (not hashed) because every delivery is
     * signed with it, as Stripe and GitHub keep theirs.
     */
    secret: text("secret").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("webhooks_org_idx").on(t.orgId, t.createdAt)],
);
