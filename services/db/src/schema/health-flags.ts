import { pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { at, orgId } from "./columns.ts";
import { meshes } from "./meshes.ts";

/**
 * The drift/health flags the worker last saw raised per mesh. Each pass diffs the freshly
 * computed flags against these rows: a new key is a `flag.raised` event, a vanished key a
 * `flag.cleared` event (sent to the org's webhooks).
 */
export const healthFlags = pgTable(
  "health_flags",
  {
    meshId: text("mesh_id")
      .notNull()
      .references(() => meshes.id, { onDelete: "cascade" }),
    orgId: orgId(),
    /** `<flag>/<subjectKind>/<subject>`: stable while the condition holds. */
    key: text("key").notNull(),
    flag: text("flag").notNull(),
    subjectKind: text("subject_kind").notNull(),
    subject: text("subject").notNull(),
    reason: text("reason").notNull(),
    raisedAt: at("raised_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.meshId, t.key] })],
);
