import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, orgId, updatedAt } from "./columns.ts";
import { meshes } from "./meshes.ts";

export const meshResources = pgTable(
  "mesh_resources",
  {
    id: id(),
    orgId: orgId(),
    meshId: text("mesh_id")
      .notNull()
      .references(() => meshes.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    spec: jsonb("spec").notNull(),
    generation: integer("generation").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("mesh_resources_mesh_kind_name_key").on(t.meshId, t.kind, t.name),
    index("mesh_resources_org_idx").on(t.orgId),
  ],
);
