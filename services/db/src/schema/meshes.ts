import { bigint, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, orgId, updatedAt } from "./columns.ts";
import { orgs } from "./orgs.ts";

export const meshes = pgTable(
  "meshes",
  {
    id: id(),
    orgId: orgId().references(() => orgs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    trustDomain: text("trust_domain").notNull(),
    /** Bumped by every change to the mesh's configuration (resources, settings, discovery). */
    configVersion: bigint("config_version", { mode: "number" }).notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("meshes_org_name_key").on(t.orgId, t.name),
    uniqueIndex("meshes_trust_domain_key").on(t.trustDomain),
  ],
);
