import { index, pgTable, text } from "drizzle-orm/pg-core";
import { at, createdAt, orgId } from "./columns.ts";
import { orgs } from "./orgs.ts";
import { users } from "./users.ts";

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the session id; the id itself lives only in the cookie. */
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    orgId: orgId().references(() => orgs.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    expiresAt: at("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);
