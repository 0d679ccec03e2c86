import { schema } from "@trellis/db";
import { and, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Context } from "../context.ts";
import { hourSeconds, minuteSeconds } from "./ingest-batch.ts";
import type { WindowRange } from "./window.ts";

export interface RollupRow {
  bucketStartMs: number;
  sourceNamespace: string;
  sourceService: string;
  destinationNamespace: string;
  destinationService: string;
  route: string;
  requests: number;
  successes: number;
  latencyBuckets: number[];
  denied: Record<string, number>;
}

/**
 * The rollup rows of a mesh within a window, at the window's resolution. Hour windows read
 * hour rows for hours the worker has surely downsampled and fold the minute rows of the
 * last two hours (still within minute retention) into hour buckets, so they are current.
 */
export async function loadRollups(
  ctx: Context,
  meshId: string,
  range: WindowRange,
  filter?: (r: typeof schema.metricRollups) => SQL | undefined,
): Promise<RollupRow[]> {
  if (range.resolutionSeconds === minuteSeconds)
    return select(ctx, meshId, minuteSeconds, range.startMs, range.endMs, filter);
  const hourMs = hourSeconds * 1000;
  const freshFromMs = Math.max(range.startMs, range.endMs - 2 * hourMs);
  const hours = await select(ctx, meshId, hourSeconds, range.startMs, freshFromMs, filter);
  const minutes = await select(ctx, meshId, minuteSeconds, freshFromMs, range.endMs, filter);
  for (const m of minutes) m.bucketStartMs = Math.floor(m.bucketStartMs / hourMs) * hourMs;
  return [...hours, ...minutes];
}

async function select(
  ctx: Context,
  meshId: string,
  resolutionSeconds: number,
  fromMs: number,
  toMs: number,
  filter?: (r: typeof schema.metricRollups) => SQL | undefined,
): Promise<RollupRow[]> {
  if (toMs <= fromMs) return [];
  const r = schema.metricRollups;
  const rows = await ctx.db
    .select({
      bucketStart: r.bucketStart,
      sourceNamespace: r.sourceNamespace,
      sourceService: r.sourceService,
      destinationNamespace: r.destinationNamespace,
      destinationService: r.destinationService,
      route: r.route,
      requests: r.requests,
      successes: r.successes,
      latencyBuckets: r.latencyBuckets,
      denied: r.denied,
    })
    .from(r)
    .where(
      and(
        eq(r.meshId, meshId),
        eq(r.resolutionSeconds, resolutionSeconds),
        gte(r.bucketStart, new Date(fromMs)),
        lt(r.bucketStart, new Date(toMs)),
        filter?.(r),
      ),
    );
  return rows.map(({ bucketStart, ...row }) => ({
    ...row,
    bucketStartMs: bucketStart.getTime(),
    requests: Number(row.requests),
    successes: Number(row.successes),
    latencyBuckets: row.latencyBuckets.map(Number),
    denied: Object.fromEntries(Object.entries(row.denied ?? {}).map(([k, v]) => [k, Number(v)])),
  }));
}
