import { sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import { rowsOf } from "../sync/connection.ts";

/** Stripe accepts meter events up to 35 days old; older hours can no longer be billed. */
export const meterWindowMs = 35 * 86_400_000;

/**
 * Freezes closed hours into the ledger (`usage_reports`): for each org with a metered
 * subscription, one row per hour with proxies, holding that hour's proxy-hours, from the
 * hour after its newest ledger row. An hour closes `BILLING_METER_DELAY_MS` after it ends,
 * so a report ingested at 10:59:59 is counted before 10:00 is frozen. The watermark makes
 * this a reconcile: after an outage every hour not yet in the ledger (within Stripe's
 * 35-day window) is frozen on the next pass. Returns how many rows were added.
 */
export async function closeHours(ctx: Context): Promise<number> {
  const now = ctx.clock.now().getTime();
  const closedBefore = new Date(now - 3_600_000 - ctx.config.BILLING_METER_DELAY_MS).toISOString();
  const oldest = new Date(now - meterWindowMs + 3_600_000).toISOString();
  const rows = await ctx.db.execute(sql`
    with marks as (
      select b.org_id, b.stripe_customer_id, b.metered_until,
        greatest(b.metered_from, ${oldest}::timestamptz,
          (select max(u.hour) + interval '1 hour' from usage_reports u where u.org_id = b.org_id)) as since
      from billing_accounts b
      where b.metered_from is not null
    )
    insert into usage_reports (org_id, hour, proxy_hours, stripe_customer_id, identifier, next_attempt_at)
    select ph.org_id, ph.hour, count(*)::int, m.stripe_customer_id,
      'trellis:' || ph.org_id || ':' || to_char(ph.hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24":00:00.000Z"'),
      ${new Date(now).toISOString()}::timestamptz
    from marks m
    join proxy_hours ph on ph.org_id = m.org_id and ph.hour >= m.since and ph.hour < ${closedBefore}::timestamptz
    where m.metered_until is null or ph.hour < m.metered_until
    group by ph.org_id, ph.hour, m.stripe_customer_id
    on conflict do nothing
    returning 1`);
  return rowsOf(rows).length;
}

/** Presence rows are kept two months (the console's usage chart), long after they are frozen. */
export async function prunePresence(ctx: Context): Promise<void> {
  const cutoff = new Date(ctx.clock.now().getTime() - 62 * 86_400_000).toISOString();
  await ctx.db.execute(sql`delete from proxy_hours where hour < ${cutoff}::timestamptz`);
}
