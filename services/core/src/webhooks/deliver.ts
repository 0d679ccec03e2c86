import { schema } from "@trellis/db";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import { isSealed, openText } from "../crypto/at-rest.ts";
import { controlPlaneMetrics } from "../observability/control-plane-metrics.ts";
import { rowsOf } from "../sync/connection.ts";
import { webhookSecretContext } from "./create.ts";
import { signatureHeaderName, signPayload } from "./sign.ts";
import { refusedTarget } from "./target-guard.ts";

/** Deliveries claimed per pass; the rest wait for the next one. */
const batchSize = 50;
/** Delivered and failed rows are kept this long in the log, then deleted. */
export const deliveryLogRetentionMs = 7 * 86_400_000;

interface Claimed {
  id: string;
  webhook_id: string;
  payload: string;
  attempts: number;
  event_type: string;
  url: string;
  secret: string;
}

/** Delay before attempt n+1 after n failed ones: base · 2^(n−1). */
export function retryDelayMs(baseMs: number, failedAttempts: number): number {
  return baseMs * 2 ** Math.max(0, failedAttempts - 1);
}

/**
 * Sends the deliveries that are due: claimed with SKIP LOCKED and leased for the request
 * timeout (so two workers never send the same one at once), each POST signed afresh. A 2xx
 * is delivered; anything else is retried with exponential backoff until
 * WEBHOOK_MAX_ATTEMPTS, then failed. Redirects are not followed.
 */
export async function deliverDue(
  ctx: Context,
): Promise<{ delivered: number; retried: number; failed: number }> {
  const now = ctx.clock.now();
  const lease = new Date(now.getTime() + ctx.config.WEBHOOK_TIMEOUT_MS + 5000);
  const claimed = rowsOf<Claimed>(
    await ctx.db.execute(sql`
      update webhook_deliveries d set next_attempt_at = ${lease.toISOString()}::timestamptz
      from webhooks w
      where w.id = d.webhook_id and d.id in (
        select id from webhook_deliveries
        where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
        order by next_attempt_at limit ${batchSize} for update skip locked)
      returning d.id, d.webhook_id, d.payload, d.attempts, d.event_type, w.url, w.secret`),
  );
  const outcome = { delivered: 0, retried: 0, failed: 0 };
  const m = controlPlaneMetrics(ctx.metrics);
  await Promise.all(
    claimed.map(async (row) => {
      const result = await attempt(ctx, row);
      const attempts = row.attempts + 1;
      const d = schema.webhookDeliveries;
      const at = ctx.clock.now();
      let status: "delivered" | "pending" | "failed" = "delivered";
      if (!result.ok) status = attempts >= ctx.config.WEBHOOK_MAX_ATTEMPTS ? "failed" : "pending";
      await ctx.db
        .update(d)
        .set({
          status,
          attempts,
          lastStatusCode: result.statusCode,
          lastError: result.error,
          deliveredAt: result.ok ? at : null,
          nextAttemptAt:
            status === "pending"
              ? new Date(at.getTime() + retryDelayMs(ctx.config.WEBHOOK_RETRY_BASE_MS, attempts))
              : null,
        })
        .where(eq(d.id, row.id));
      const key = status === "delivered" ? "delivered" : status === "pending" ? "retried" : "failed";
      outcome[key] += 1;
      m.webhookDeliveries.inc({ outcome: status === "pending" ? "retry" : status });
    }),
  );
  return outcome;
}

/** The webhook's key; a row not yet sealed (before sealSecretsAtRest ran) is used as stored. */
function signingSecret(ctx: Context, row: Claimed): string {
  return isSealed(row.secret)
    ? openText(ctx.ca.kek, row.secret, webhookSecretContext(row.webhook_id))
    : row.secret;
}

async function attempt(
  ctx: Context,
  row: Claimed,
): Promise<{ ok: boolean; statusCode: number | null; error: string | null }> {
  const refused = await refusedTarget(row.url, ctx.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
  if (refused) return { ok: false, statusCode: null, error: `refused target: ${refused}` };
  let secret: string;
  try {
    secret = signingSecret(ctx, row);
  } catch (err) {
    ctx.logger.error("cannot open a webhook's signing secret", { webhookId: row.webhook_id, err });
    return {
      ok: false,
      statusCode: null,
      error: "the signing secret cannot be opened with this TRELLIS_KEK",
    };
  }
  try {
    const res = await fetch(row.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(ctx.config.WEBHOOK_TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "Trellis-Webhooks/1",
        "x-trellis-event": row.event_type,
        "x-trellis-delivery": row.id,
        [signatureHeaderName]: signPayload(secret, row.payload, Math.floor(ctx.clock.now().getTime() / 1000)),
      },
      body: row.payload,
    });
    await res.body?.cancel().catch(() => {});
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    return {
      ok: false,
      statusCode: null,
      error: (err as Error).name === "TimeoutError" ? "timed out" : "connection failed",
    };
  }
}

/** Forgets finished deliveries older than the log's retention. */
export async function pruneDeliveries(ctx: Context): Promise<number> {
  const d = schema.webhookDeliveries;
  const rows = await ctx.db
    .delete(d)
    .where(
      and(
        inArray(d.status, ["delivered", "failed"]),
        lt(d.createdAt, new Date(ctx.clock.now().getTime() - deliveryLogRetentionMs)),
      ),
    )
    .returning({ id: d.id });
  return rows.length;
}
