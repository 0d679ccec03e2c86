import { runWorkerPass, type WorkerPassResult } from "@trellis/core/observability";
import type { Context } from "../context.ts";
import { type PeriodicJob, startPeriodic } from "./periodic.ts";

export type Worker = PeriodicJob<WorkerPassResult>;

/** Runs the observability pass (`runWorkerPass`) every WORKER_INTERVAL_MS; passes never overlap. */
export function startWorker(ctx: Context): Worker {
  return startPeriodic("worker", () => runWorkerPass(ctx), ctx.config.WORKER_INTERVAL_MS, ctx.logger);
}
