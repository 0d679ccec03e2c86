import type { Context } from "../context.ts";
import { trackFlags } from "../health/track-flags.ts";
import { sweepInventory } from "../inventory/sweep.ts";
import { downsampleClosedHours, pruneRollups } from "../metrics/downsample.ts";
import { deliverDue, pruneDeliveries } from "../webhooks/deliver.ts";
import { controlPlaneMetrics } from "./control-plane-metrics.ts";

export interface WorkerPassResult {
  gone: number;
  pruned: number;
  downsampledHours: string[];
  rollupsPruned: number;
  flagEvents: number;
  deliveries: { delivered: number; retried: number; failed: number };
}

/**
 * One pass of the `worker` role, in an order where each step sees the previous one:
 * inventory lifecycle (stale → gone → pruned), rollup downsampling and retention, flag
 * diff (→ webhook events), then webhook deliveries. Every step is safe to run on several
 * replicas at once. Tests call this directly instead of waiting for the interval.
 */
export async function runWorkerPass(ctx: Context): Promise<WorkerPassResult> {
  const { gone, pruned } = await sweepInventory(ctx);
  const downsampledHours = await downsampleClosedHours(ctx);
  const rollupsPruned = await pruneRollups(ctx, {
    minuteMs: ctx.config.METRICS_MINUTE_RETENTION_MS,
    hourMs: ctx.config.METRICS_HOUR_RETENTION_MS,
  });
  const { counts, events } = await trackFlags(ctx);
  const gauge = controlPlaneMetrics(ctx.metrics).flagsRaised;
  gauge.reset();
  for (const [flag, n] of counts) gauge.set({ flag }, n);
  const deliveries = await deliverDue(ctx);
  await pruneDeliveries(ctx);
  return { gone, pruned, downsampledHours, rollupsPruned, flagEvents: events, deliveries };
}
