import { sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import { rowsOf } from "../sync/connection.ts";
import { meterWindowMs } from "./close-hours.ts";
import { stripeErrorType } from "./stripe-errors.ts";

interface Claimed {
  org_id: string;
  hour: string | Date;
  proxy_hours: number;
  stripe_customer_id: string;
  identifier: string;
  attempts: number;
}

export interface ReportResult {
  reported: number;
  retrying: number;
  expired: number;
}

/** How long a claimed row is held before another pass (or replica) may try it again. */
const leaseMs = 5 * 60_000;

/**
 * Sends the ledger's pending hours to Stripe's meter, one meter event per org per hour.
 * Double billing is prevented twice over: the event's `identifier` is the ledger row's
 * (Stripe drops — and answers 400 to — an identifier it already holds, which counts as
 * delivered here), and each attempt has its own idempotency key, under which the SDK's
 * own retries of a lost answer are replayed rather than applied again. A fresh key per
 * attempt matters: Stripe replays a stored 500 for a reused key. Rows are claimed with
 * SKIP LOCKED and a lease, so replicas share the work; failures back off exponentially.
 */
export async function reportUsage(ctx: Context): Promise<ReportResult> {
  const result: ReportResult = { reported: 0, retrying: 0, expired: 0 };
  if (!ctx.billing.enabled) return result;
  const now = ctx.clock.now();
  const claimed = rowsOf<Claimed>(
    await ctx.db.execute(sql`
      update usage_reports set attempts = attempts + 1,
        next_attempt_at = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz
      where (org_id, hour) in (
        select org_id, hour from usage_reports
        where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
        order by hour limit 100 for update skip locked)
      returning org_id, hour, proxy_hours, stripe_customer_id, identifier, attempts`),
  );
  for (const row of claimed) {
    const hour = new Date(row.hour);
    if (now.getTime() - hour.getTime() > meterWindowMs) {
      await settle(ctx, row, "expired", "older than Stripe's 35-day window for meter events");
      ctx.logger.error("usage hour could not be billed in time", {
        orgId: row.org_id,
        hour: hour.toISOString(),
      });
      result.expired++;
      continue;
    }
    const outcome = await send(ctx, row, hour);
    if (outcome === null) {
      await settle(ctx, row, "reported", null);
      result.reported++;
    } else {
      const backoffMs = Math.min(ctx.config.BILLING_RETRY_BASE_MS * 2 ** (row.attempts - 1), 3_600_000);
      await settle(ctx, row, "pending", outcome, new Date(now.getTime() + backoffMs));
      ctx.logger.warn("meter event not accepted; will retry", { identifier: row.identifier, error: outcome });
      result.retrying++;
    }
  }
  return result;
}

/** Sends one meter event; null when Stripe holds it (now or from an earlier attempt), else why not. */
async function send(ctx: Context, row: Claimed, hour: Date): Promise<string | null> {
  if (!ctx.billing.enabled) return "billing is off";
  try {
    await ctx.billing.stripe.billing.meterEvents.create(
      {
        event_name: ctx.billing.meterEventName,
        identifier: row.identifier,
        timestamp: Math.floor(hour.getTime() / 1000),
        payload: { stripe_customer_id: row.stripe_customer_id, value: String(row.proxy_hours) },
      },
      { idempotencyKey: `${row.identifier}#${row.attempts}` },
    );
    return null;
  } catch (err) {
    if (
      stripeErrorType(err) === "StripeInvalidRequestError" &&
      err instanceof Error &&
      /already exists/i.test(err.message)
    )
      return null;
    return err instanceof Error ? err.message.slice(0, 500) : String(err);
  }
}

async function settle(
  ctx: Context,
  row: Claimed,
  status: "reported" | "pending" | "expired",
  error: string | null,
  nextAttemptAt: Date | null = null,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.db.execute(sql`
    update usage_reports set status = ${status}, last_error = ${error},
      next_attempt_at = ${nextAttemptAt?.toISOString() ?? null}::timestamptz,
      reported_at = case when ${status} = 'reported' then ${now}::timestamptz end
    where org_id = ${row.org_id} and hour = ${new Date(row.hour).toISOString()}::timestamptz`);
}
