import { index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.ts";

/** Failed logins, kept in the database so every replica sees the same count. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    /** The email, or `ip:<address>`. */
    subject: text("subject").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("login_attempts_subject_idx").on(t.subject, t.createdAt)],
);
