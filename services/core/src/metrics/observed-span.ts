import { schema } from "@trellis/db";
import { and, eq, gte, min } from "drizzle-orm";
import type { Context } from "../context.ts";
import { hourSeconds, minuteSeconds } from "./ingest-batch.ts";
import type { WindowRange } from "./window.ts";

/**
 * Seconds of a window the mesh was observed in: from the later of the window start and the
 * mesh's first traffic, to now (the bucket in progress counts only as far as it has run).
 * Rates divide by this, so a 2-minute-old mesh's "last hour" is not spread over 60 minutes.
 * At least one second. Pure.
 */
export function observedSeconds(range: WindowRange, nowMs: number, firstTrafficMs: number | null): number {
  const from = Math.max(range.startMs, firstTrafficMs ?? range.startMs);
  const to = Math.min(nowMs, range.endMs);
  return Math.max(1, Math.round((to - from) / 1000));
}

/**
 * The start of the mesh's first traffic in a window (any edge, not just the ones asked about:
 * a quiet service was observed as long as the mesh was), or null without any. Minute rows
 * give the minute; an hour row only counts when no minute row refines its hour (its minutes
 * were pruned), so a fresh mesh's first hour is not counted from the top of the hour.
 */
export async function firstTrafficMs(
  ctx: Context,
  meshId: string,
  range: WindowRange,
): Promise<number | null> {
  const first = async (resolutionSeconds: number) => {
    const r = schema.metricRollups;
    const [row] = await ctx.db
      .select({ at: min(r.bucketStart) })
      .from(r)
      .where(
        and(
          eq(r.meshId, meshId),
          eq(r.resolutionSeconds, resolutionSeconds),
          gte(r.bucketStart, new Date(range.startMs)),
        ),
      );
    return row?.at ? new Date(row.at).getTime() : null;
  };
  const [minute, hour] = [await first(minuteSeconds), await first(hourSeconds)];
  const c = schema.clusters;
  const [joined] = await ctx.db
    .select({ at: min(c.credentialIssuedAt) })
    .from(c)
    .where(eq(c.meshId, meshId));
  return refinedByJoin(firstOf(minute, hour), joined?.at ? new Date(joined.at).getTime() : null);
}

/**
 * The first traffic's minute, narrowed by the first connector's join when the join falls in
 * that minute (a join outside it — a cluster re-joined later — says nothing). Pure.
 */
export function refinedByJoin(firstMs: number | null, joinedMs: number | null): number | null {
  if (firstMs === null || joinedMs === null) return firstMs;
  return joinedMs > firstMs && joinedMs < firstMs + minuteSeconds * 1000 ? joinedMs : firstMs;
}

/** The earlier of the two, except that a minute inside the hour row's hour refines it. Pure. */
export function firstOf(minuteMs: number | null, hourMs: number | null): number | null {
  if (hourMs === null) return minuteMs;
  if (minuteMs === null) return hourMs;
  return minuteMs - hourMs < hourSeconds * 1000 ? minuteMs : Math.min(minuteMs, hourMs);
}
