import { bigint, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { clusters } from "./clusters.ts";
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
    /** The apiVersion the document was written with (`trellis.dev/v1` or Gateway API's). */
    apiVersion: text("api_version").notNull().default("trellis.dev/v1"),
    kind: text("kind").notNull(),
    /** Part of the identity, as in Kubernetes: two routes may share a name in two namespaces. */
    namespace: text("namespace").notNull().default("default"),
    name: text("name").notNull(),
    labels: jsonb("labels").notNull().default({}),
    annotations: jsonb("annotations").notNull().default({}),
    spec: jsonb("spec").notNull(),
    generation: integer("generation").notNull().default(1),
    /** The mesh config version that first carried this spec: Programmed once every proxy runs it. */
    specConfigVersion: bigint("spec_config_version", { mode: "number" }).notNull().default(0),
    /**
     * The cluster whose Kubernetes custom resource this was synced from; null = the API owns
     * it. Only the owner may change it. A deleted cluster hands its resources to the API
     * (they stay in force: deleting a cluster must not change the routing of the others).
     */
    ownerClusterId: text("owner_cluster_id").references(() => clusters.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("mesh_resources_mesh_kind_ns_name_key").on(t.meshId, t.kind, t.namespace, t.name),
    index("mesh_resources_org_idx").on(t.orgId),
    index("mesh_resources_owner_idx").on(t.ownerClusterId),
  ],
);
