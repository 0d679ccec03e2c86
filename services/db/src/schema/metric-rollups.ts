import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { orgId } from "./columns.ts";
import { meshes } from "./meshes.ts";

/**
 * Golden-metric rollups per edge (source service → destination service, route) and time
 * bucket: 60-second rows from MetricBatches, 3600-second rows downsampled from them by the
 * worker. Counts only — percentiles are computed at query time from the merged
 * `latency_buckets` (bounds: `latencyBucketBoundsMs` of @trellis/protocol, plus overflow).
 */
export const metricRollups = pgTable(
  "metric_rollups",
  {
    meshId: text("mesh_id")
      .notNull()
      .references(() => meshes.id, { onDelete: "cascade" }),
    orgId: orgId(),
    /** 60 (minute rows) or 3600 (hour rows). */
    resolutionSeconds: integer("resolution_seconds").notNull(),
    bucketStart: timestamp("bucket_start", { withTimezone: true, mode: "date", precision: 3 }).notNull(),
    sourceNamespace: text("source_namespace").notNull(),
    sourceService: text("source_service").notNull(),
    destinationNamespace: text("destination_namespace").notNull(),
    destinationService: text("destination_service").notNull(),
    /** Route name; "" for the default route. */
    route: text("route").notNull(),
    requests: bigint("requests", { mode: "number" }).notNull(),
    successes: bigint("successes", { mode: "number" }).notNull(),
    retries: bigint("retries", { mode: "number" }).notNull().default(0),
    latencyBuckets: bigint("latency_buckets", { mode: "number" }).array().notNull(),
    /** Requests refused by policy, by reason (`authz`, `jwt`, `rate_limit`, `fault`, `circuit_open`). */
    denied: jsonb("denied").$type<Record<string, number>>().notNull().default({}),
  },
  (t) => [
    primaryKey({
      columns: [
        t.meshId,
        t.resolutionSeconds,
        t.bucketStart,
        t.sourceNamespace,
        t.sourceService,
        t.destinationNamespace,
        t.destinationService,
        t.route,
      ],
    }),
    index("metric_rollups_retention_idx").on(t.resolutionSeconds, t.bucketStart),
  ],
);
