import { index, pgTable, text } from "drizzle-orm/pg-core";
import { clusters } from "./clusters.ts";
import { at, createdAt, orgId } from "./columns.ts";

/** One-time tokens a connector exchanges for its cluster credential. */
export const joinTokens = pgTable(
  "join_tokens",
  {
    /** SHA-256 of the token. */
    tokenHash: text("token_hash").primaryKey(),
    orgId: orgId(),
    clusterId: text("cluster_id")
      .notNull()
      .references(() => clusters.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: at("expires_at").notNull(),
    usedAt: at("used_at"),
  },
  (t) => [index("join_tokens_cluster_idx").on(t.clusterId)],
);
