import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, orgId } from "./columns.ts";

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    orgId: orgId(),
    actor: text("actor").notNull(),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    requestId: text("request_id"),
    details: jsonb("details"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_org_created_idx").on(t.orgId, t.createdAt, t.id)],
);
