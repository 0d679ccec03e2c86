import { index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { at, orgId } from "./columns.ts";
import { meshes } from "./meshes.ts";

/**
 * The registry of every workload certificate a mesh CA issued (never a private key: only
 * the workload holds it). Rows outlive their cluster, so the cluster is kept by id and name.
 */
export const certificates = pgTable(
  "certificates",
  {
    meshId: text("mesh_id")
      .notNull()
      .references(() => meshes.id, { onDelete: "cascade" }),
    /** Lowercase hex, unique per issuer (126 random bits). */
    serial: text("serial").notNull(),
    orgId: orgId(),
    clusterId: text("cluster_id").notNull(),
    clusterName: text("cluster_name").notNull(),
    proxyId: text("proxy_id").notNull(),
    identity: text("identity").notNull(),
    notBefore: at("not_before").notNull(),
    notAfter: at("not_after").notNull(),
    /** SHA-256 (hex) of the root that anchors the certificate. */
    rootFingerprint: text("root_fingerprint").notNull(),
    issuedAt: at("issued_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meshId, t.serial] }),
    index("certificates_mesh_issued_idx").on(t.meshId, t.issuedAt),
    index("certificates_not_after_idx").on(t.notAfter),
    // Billing admits a proxy that holds a valid certificate without counting it again.
    index("certificates_proxy_idx").on(t.clusterId, t.proxyId),
  ],
);
