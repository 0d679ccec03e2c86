import { bigint, index, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { clusters } from "./clusters.ts";
import { at, orgId } from "./columns.ts";

/**
 * Proxies as their connector last reported them; each ProxyReport replaces the cluster's
 * rows. Minimal on purpose: the observability work extends it.
 */
export const proxies = pgTable(
  "proxies",
  {
    clusterId: text("cluster_id")
      .notNull()
      .references(() => clusters.id, { onDelete: "cascade" }),
    /** Chosen by the proxy (`prx_…`), unique within its cluster. */
    proxyId: text("proxy_id").notNull(),
    orgId: orgId(),
    meshId: text("mesh_id").notNull(),
    service: text("service").notNull(),
    namespace: text("namespace").notNull(),
    workload: text("workload").notNull(),
    identity: text("identity").notNull(),
    version: text("version").notNull(),
    appliedConfigVersion: bigint("applied_config_version", { mode: "number" }),
    /** ready | not_ready | draining | unknown */
    health: text("health").notNull(),
    startedAt: at("started_at"),
    lastSeenAt: at("last_seen_at").notNull(),
    certNotAfter: at("cert_not_after"),
    /** SHA-256 (hex) of the root anchoring the proxy's certificate; a CA rotation waits on it. */
    certRootFingerprint: text("cert_root_fingerprint"),
    /** `{version, error}` of the proxy's last NACK, if its newest snapshot was refused. */
    lastNack: jsonb("last_nack"),
    /** When the proxy first fell behind the mesh's config version. */
    laggingSince: at("lagging_since"),
    /**
     * The data plane: trellis-proxy | envoy | grpc-proxyless (xDS clients of the connector).
     * Rows from connectors that predate the field are trellis-proxy.
     */
    kind: text("kind").notNull().default("trellis-proxy"),
    /** The data plane's self-description (an xDS node's user_agent_name); empty for trellis-proxy. */
    userAgent: text("user_agent").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.clusterId, t.proxyId] }),
    index("proxies_mesh_idx").on(t.meshId),
    // Billing counts an org's live proxies when a new one asks for its first certificate.
    index("proxies_org_idx").on(t.orgId),
  ],
);
