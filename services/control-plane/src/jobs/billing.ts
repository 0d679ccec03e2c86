import { type BillingPassResult, runBillingPass } from "@trellis/core/billing";
import type { Context } from "../context.ts";
import { type PeriodicJob, startPeriodic } from "./periodic.ts";

export type BillingJob = PeriodicJob<BillingPassResult>;

/**
 * Runs the billing pass every BILLING_INTERVAL_MS on the worker role: closed hours are
 * frozen into the usage ledger and pending ones reported to Stripe's meter. Without
 * billing it only prunes old usage presence.
 */
export function startBillingJob(ctx: Context): BillingJob {
  return startPeriodic("billing", () => runBillingPass(ctx), ctx.config.BILLING_INTERVAL_MS, ctx.logger);
}
