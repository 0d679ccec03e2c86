import type { Logger } from "../observability/logger.ts";

/** A job run on a timer whose passes never overlap; `runOnce` joins a pass in progress. */
export interface PeriodicJob<R> {
  runOnce(): Promise<R>;
  stop(): Promise<void>;
}

export function startPeriodic<R>(
  name: string,
  pass: () => Promise<R>,
  intervalMs: number,
  logger: Logger,
): PeriodicJob<R> {
  let running: Promise<R> | null = null;
  const runOnce = () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    runOnce().catch((err: unknown) => logger.error(`${name} pass failed`, { err }));
  }, intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
