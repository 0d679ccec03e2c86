import type { Context } from "../context.ts";
import { closeHours, prunePresence } from "./close-hours.ts";
import { type ReportResult, reportUsage } from "./report-usage.ts";

export interface BillingPassResult extends ReportResult {
  /** Hours frozen into the ledger this pass. */
  closed: number;
}

/**
 * One pass of the billing job (the worker role runs it on a timer): freeze closed hours
 * into the ledger, send what is pending to Stripe, prune old presence. Without billing only
 * the pruning runs. Safe on several replicas at once. Tests call it directly.
 */
export async function runBillingPass(ctx: Context): Promise<BillingPassResult> {
  const closed = ctx.billing.enabled ? await closeHours(ctx) : 0;
  const sent = await reportUsage(ctx);
  await prunePresence(ctx);
  return { closed, ...sent };
}
