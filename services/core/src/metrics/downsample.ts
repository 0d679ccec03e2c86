import { sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import { rowsOf } from "../sync/connection.ts";
import { hourSeconds, minuteSeconds } from "./ingest-batch.ts";

const hourMs = hourSeconds * 1000;
/** Batches may arrive late; a closed hour is recomputed on every pass during this grace. */
export const downsampleGraceMs = 10 * 60_000;

/**
 * Folds the minute rollups of closed hours into hour rollups (replacing, so reruns are
 * harmless). An hour is recomputed while it is within the grace period, and afterwards
 * only if it has no hour rows yet (the worker was down). Histograms are summed bucket by
 * bucket in SQL. Returns the hours (ISO) it computed.
 */
export async function downsampleClosedHours(ctx: Context, hoursBack = 3): Promise<string[]> {
  const nowMs = ctx.clock.now().getTime();
  const currentHour = Math.floor(nowMs / hourMs) * hourMs;
  const done: string[] = [];
  for (let h = currentHour - hoursBack * hourMs; h < currentHour; h += hourMs) {
    const start = new Date(h);
    const inGrace = nowMs < h + hourMs + downsampleGraceMs;
    if (!inGrace && (await hasHourRows(ctx, start))) continue;
    await downsampleHour(ctx, start);
    done.push(start.toISOString());
  }
  return done;
}

async function hasHourRows(ctx: Context, start: Date): Promise<boolean> {
  const rows = await ctx.db.execute(sql`
    select 1 as x from metric_rollups
    where resolution_seconds = ${hourSeconds} and bucket_start = ${start.toISOString()}::timestamptz limit 1`);
  return rowsOf(rows).length > 0;
}

export async function downsampleHour(ctx: Context, start: Date): Promise<void> {
  const end = new Date(start.getTime() + hourMs);
  await ctx.db.execute(sql`
    with src as (
      select * from metric_rollups
      where resolution_seconds = ${minuteSeconds} and bucket_start >= ${start.toISOString()}::timestamptz and bucket_start < ${end.toISOString()}::timestamptz
    ),
    per_bucket as (
      select mesh_id, source_namespace, source_service, destination_namespace, destination_service, route, t.i, sum(t.v) as v
      from src, unnest(src.latency_buckets) with ordinality as t(v, i)
      group by 1, 2, 3, 4, 5, 6, 7
    ),
    hist as (
      select mesh_id, source_namespace, source_service, destination_namespace, destination_service, route,
        array_agg(v::bigint order by i) as latency_buckets
      from per_bucket group by 1, 2, 3, 4, 5, 6
    ),
    den as (
      select mesh_id, source_namespace, source_service, destination_namespace, destination_service, route, d.k, sum(d.v::bigint) as v
      from src, jsonb_each_text(src.denied) as d(k, v)
      group by 1, 2, 3, 4, 5, 6, 7
    ),
    den_agg as (
      select mesh_id, source_namespace, source_service, destination_namespace, destination_service, route, jsonb_object_agg(k, v) as denied
      from den group by 1, 2, 3, 4, 5, 6
    ),
    totals as (
      select mesh_id, min(org_id) as org_id, source_namespace, source_service, destination_namespace, destination_service, route,
        sum(requests)::bigint as requests, sum(successes)::bigint as successes, sum(retries)::bigint as retries
      from src group by mesh_id, source_namespace, source_service, destination_namespace, destination_service, route
    )
    insert into metric_rollups (mesh_id, org_id, resolution_seconds, bucket_start, source_namespace, source_service,
      destination_namespace, destination_service, route, requests, successes, retries, latency_buckets, denied)
    select t.mesh_id, t.org_id, ${hourSeconds}, ${start.toISOString()}::timestamptz, t.source_namespace, t.source_service,
      t.destination_namespace, t.destination_service, t.route, t.requests, t.successes, t.retries, h.latency_buckets,
      coalesce(dn.denied, '{}'::jsonb)
    from totals t join hist h using (mesh_id, source_namespace, source_service, destination_namespace, destination_service, route)
    left join den_agg dn using (mesh_id, source_namespace, source_service, destination_namespace, destination_service, route)
    on conflict (mesh_id, resolution_seconds, bucket_start, source_namespace, source_service, destination_namespace, destination_service, route)
    do update set requests = excluded.requests, successes = excluded.successes, retries = excluded.retries,
      latency_buckets = excluded.latency_buckets, denied = excluded.denied`);
}

/** Deletes rollups past their retention (minute rows, then hour rows); returns how many. */
export async function pruneRollups(
  ctx: Context,
  retention: { minuteMs: number; hourMs: number },
): Promise<number> {
  const nowMs = ctx.clock.now().getTime();
  const rows = await ctx.db.execute(sql`
    delete from metric_rollups
    where (resolution_seconds = ${minuteSeconds} and bucket_start < ${new Date(nowMs - retention.minuteMs).toISOString()}::timestamptz)
       or (resolution_seconds = ${hourSeconds} and bucket_start < ${new Date(nowMs - retention.hourMs).toISOString()}::timestamptz)
    returning 1 as x`);
  return rowsOf(rows).length;
}
