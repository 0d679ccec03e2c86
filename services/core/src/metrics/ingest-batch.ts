import { type MetricBatch, msFromTimestamp } from "@trellis/protocol/tunnel";
import { sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import { controlPlaneMetrics } from "../observability/control-plane-metrics.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";
import { addBuckets, emptyBuckets } from "./histogram.ts";

export const minuteSeconds = 60;
export const hourSeconds = 3600;

/** Edges in one batch beyond this are dropped (a runaway connector must not flood the table). */
export const maxEdgesPerBatch = 5000;

interface EdgeRow {
  sourceNamespace: string;
  sourceService: string;
  destinationNamespace: string;
  destinationService: string;
  route: string;
  requests: number;
  successes: number;
  retries: number;
  latencyBuckets: number[];
  denied: Record<string, number>;
}

/** Adds two reason → count maps (the stored row's and the batch's), key by key, in SQL. */
const mergeDeniedSql =
  sql.raw(`(select coalesce(jsonb_object_agg(k, s), '{}'::jsonb) from (select k, sum(v::bigint) as s
  from (select * from jsonb_each_text(r.denied) union all select * from jsonb_each_text(excluded.denied)) as d(k, v)
  group by k) as summed)`);

/** The minute a batch counts toward: the minute its window starts in. */
export function minuteOf(ms: number): Date {
  return new Date(Math.floor(ms / 60_000) * 60_000);
}

/** Merges a batch's edges by key, so one upsert never touches a row twice. Pure. */
export function edgeRows(batch: MetricBatch): EdgeRow[] {
  const byKey = new Map<string, EdgeRow>();
  for (const e of batch.edges.slice(0, maxEdgesPerBatch)) {
    if (!e.destinationService || Number(e.requests) <= 0) continue;
    const key = [
      e.sourceNamespace,
      e.sourceService,
      e.destinationNamespace,
      e.destinationService,
      e.route,
    ].join("\u0000");
    let row = byKey.get(key);
    if (!row) {
      row = {
        sourceNamespace: e.sourceNamespace,
        sourceService: e.sourceService,
        destinationNamespace: e.destinationNamespace,
        destinationService: e.destinationService,
        route: e.route,
        requests: 0,
        successes: 0,
        retries: 0,
        latencyBuckets: emptyBuckets(),
        denied: {},
      };
      byKey.set(key, row);
    }
    const requests = Number(e.requests);
    row.requests += requests;
    row.successes += Math.min(Number(e.successes), requests);
    row.retries += Number(e.retries);
    addBuckets(row.latencyBuckets, e.latencyBuckets);
    for (const [reason, n] of Object.entries(e.denied ?? {}))
      row.denied[reason] = (row.denied[reason] ?? 0) + Number(n);
  }
  return [...byKey.values()];
}

/**
 * Adds a connector's MetricBatch to the minute rollups of its mesh. Counts add up (several
 * connectors, or several windows, may report the same edge and minute); bucket arrays add
 * element by element in the upsert, so concurrent batches never lose counts.
 */
export async function ingestMetricBatch(
  ctx: Context,
  cluster: TunnelCluster,
  batch: MetricBatch,
): Promise<void> {
  const m = controlPlaneMetrics(ctx.metrics);
  try {
    const startMs = msFromTimestamp(batch.windowStart) ?? ctx.clock.now().getTime();
    const rows = edgeRows(batch);
    if (rows.length > 0) {
      // The edges travel as one JSON parameter (see ingest-report.ts); counts add up and
      // bucket arrays add element by element, so concurrent batches never lose counts.
      const json = rows.map((r) => ({
        sn: r.sourceNamespace,
        ss: r.sourceService,
        dn: r.destinationNamespace,
        ds: r.destinationService,
        route: r.route,
        requests: r.requests,
        successes: r.successes,
        retries: r.retries,
        buckets: r.latencyBuckets,
        denied: r.denied,
      }));
      await ctx.db.execute(sql`
        insert into metric_rollups as r (mesh_id, org_id, resolution_seconds, bucket_start, source_namespace,
          source_service, destination_namespace, destination_service, route, requests, successes, retries,
          latency_buckets, denied)
        select ${cluster.meshId}, ${cluster.orgId}, ${minuteSeconds}, ${minuteOf(startMs).toISOString()}::timestamptz,
          x.sn, x.ss, x.dn, x.ds, x.route, x.requests, x.successes, x.retries, x.buckets, x.denied
        from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(sn text, ss text, dn text, ds text, route text,
          requests bigint, successes bigint, retries bigint, buckets bigint[], denied jsonb)
        on conflict (mesh_id, resolution_seconds, bucket_start, source_namespace, source_service,
          destination_namespace, destination_service, route) do update set
          requests = r.requests + excluded.requests,
          successes = r.successes + excluded.successes,
          retries = r.retries + excluded.retries,
          latency_buckets = array(select coalesce(a, 0) + coalesce(b, 0)
            from unnest(r.latency_buckets, excluded.latency_buckets) with ordinality as t(a, b, i) order by i),
          denied = ${mergeDeniedSql}`);
    }
    m.reportsIngested.inc({ kind: "metric_batch" });
    m.reportItemsIngested.inc({ kind: "edge" }, rows.length);
  } catch (err) {
    m.reportsFailed.inc({ kind: "metric_batch" });
    throw err;
  }
}
