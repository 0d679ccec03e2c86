import { type RotationStep, runCaWorkerPass } from "@trellis/core/ca";
import type { Context } from "../context.ts";
import { type PeriodicJob, startPeriodic } from "./periodic.ts";

export type CaWorker = PeriodicJob<{ steps: Map<string, RotationStep>; pruned: number }>;

/** Runs the CA pass (rotations one step on, registry retention) every CA_WORKER_INTERVAL_MS on the worker role. */
export function startCaWorker(ctx: Context): CaWorker {
  return startPeriodic("CA worker", () => runCaWorkerPass(ctx), ctx.config.CA_WORKER_INTERVAL_MS, ctx.logger);
}
