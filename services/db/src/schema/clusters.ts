import { bigint, boolean, index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { at, createdAt, id, orgId } from "./columns.ts";
import { meshes } from "./meshes.ts";

export const clusters = pgTable(
  "clusters",
  {
    id: id(),
    orgId: orgId(),
    meshId: text("mesh_id")
      .notNull()
      .references(() => meshes.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** SHA-256 of the long-lived cluster credential; null until a join token is exchanged. */
    credentialHash: text("credential_hash"),
    credentialIssuedAt: at("credential_issued_at"),
    revokedAt: at("revoked_at"),
    connected: boolean("connected").notNull().default(false),
    /** Which control-plane replica holds the stream. */
    connectedReplica: text("connected_replica"),
    connectorVersion: text("connector_version"),
    lastSeenAt: at("last_seen_at"),
    appliedVersion: bigint("applied_version", { mode: "number" }),
    appliedAt: at("applied_at"),
    /** `{version, error, at}` of the last NACK, cleared by the next ACK. */
    lastNack: jsonb("last_nack"),
    /** When the cluster first fell behind the mesh's config version. */
    laggingSince: at("lagging_since"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("clusters_mesh_name_key").on(t.meshId, t.name),
    uniqueIndex("clusters_credential_hash_key").on(t.credentialHash),
    index("clusters_org_idx").on(t.orgId),
  ],
);
