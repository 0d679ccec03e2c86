import { index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { clusters } from "./clusters.ts";
import { id, orgId, updatedAt } from "./columns.ts";

/** Services a cluster's connector discovered; replaced wholesale by each DiscoveryUpdate. */
export const discoveredServices = pgTable(
  "discovered_services",
  {
    id: id(),
    orgId: orgId(),
    meshId: text("mesh_id").notNull(),
    clusterId: text("cluster_id")
      .notNull()
      .references(() => clusters.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    namespace: text("namespace").notNull(),
    ports: jsonb("ports").notNull(),
    endpoints: jsonb("endpoints").notNull(),
    /** Virtual IPs in this cluster (Kubernetes ClusterIPs); meaningful only inside it. */
    addresses: jsonb("addresses").notNull().default([]),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("discovered_services_cluster_ns_name_key").on(t.clusterId, t.namespace, t.name),
    index("discovered_services_mesh_idx").on(t.meshId),
  ],
);
