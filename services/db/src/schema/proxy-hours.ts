import { index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { at } from "./columns.ts";

/**
 * Metering presence: a proxy listed in a ProxyReport during an hour has one row for that
 * hour, whatever the number of reports (the ingest inserts with ON CONFLICT DO NOTHING).
 * An org's proxy-hours for an hour are its row count. No foreign keys: usage outlives a
 * deleted cluster.
 */
export const proxyHours = pgTable(
  "proxy_hours",
  {
    orgId: text("org_id").notNull(),
    /** The hour's start (UTC). */
    hour: at("hour").notNull(),
    clusterId: text("cluster_id").notNull(),
    proxyId: text("proxy_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.hour, t.clusterId, t.proxyId] }),
    index("proxy_hours_hour_idx").on(t.hour),
  ],
);
