import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { at, createdAt, id, orgId } from "./columns.ts";
import { orgs } from "./orgs.ts";

/** An email invited to an org before it has an account; honoured at sign-up. */
export const invites = pgTable(
  "invites",
  {
    id: id(),
    orgId: orgId().references(() => orgs.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ["owner", "admin", "member", "viewer"] }).notNull(),
    createdAt: createdAt(),
    expiresAt: at("expires_at").notNull(),
  },
  (t) => [uniqueIndex("invites_org_email_key").on(t.orgId, t.email)],
);
