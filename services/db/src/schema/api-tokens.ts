import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { at, createdAt, id, orgId } from "./columns.ts";
import { orgs } from "./orgs.ts";

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    orgId: orgId().references(() => orgs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role", { enum: ["owner", "admin", "member", "viewer"] }).notNull(),
    prefix: text("prefix").notNull(),
    /** SHA-256 of the secret. */
    secretHash: text("secret_hash").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    expiresAt: at("expires_at"),
    lastUsedAt: at("last_used_at"),
    revokedAt: at("revoked_at"),
  },
  (t) => [
    uniqueIndex("api_tokens_secret_hash_key").on(t.secretHash),
    index("api_tokens_org_idx").on(t.orgId),
  ],
);
