import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { controlPlaneAllocatorEnv } from "./allocator.ts";
import { entryPoints } from "./commands.ts";
import { assertFree, type PortPlan } from "./ports.ts";
import type { ProcessGroup } from "./processes.ts";

/** Starts the control plane on the plan's ports and data folder (tier 0: it stops last). */
export function startControlPlane(
  group: ProcessGroup,
  root: string,
  plan: PortPlan,
  dataDir: string,
): ChildProcess {
  return group.start(
    "control-plane",
    join(root, entryPoints.controlPlane),
    [],
    {
      ...controlPlaneAllocatorEnv,
      ...process.env,
      TRELLIS_DATA_DIR: dataDir,
      PORT: String(plan.api),
      TUNNEL_PORT: String(plan.tunnel),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
    0,
  );
}

/** What to tell the user when the control plane stopped under a running demo. Pure. */
export function outageNotice(exit: string, restartInS: number, logFile: string): string {
  return `
The control plane stopped (${exit}; log: ${logFile}).
The demo mesh keeps running without it: the connector and every proxy serve the
last-known-good config and certificates, and loadgen's requests keep succeeding.
  start it again now:  npm start -- --control-plane-only   (in another terminal)
  or wait:             this launcher starts it again in ${restartInS} s`;
}

/**
 * Watches the control plane of a running demo: when it dies, say so and start it again after
 * `restartDelayMs` — unless another process (`npm start -- --control-plane-only`) took its port
 * meanwhile, then leave that one be.
 */
export function superviseControlPlane(opts: {
  group: ProcessGroup;
  root: string;
  plan: PortPlan;
  dataDir: string;
  restartDelayMs: number;
  log: (line: string) => void;
}): { onExit(code: number | null, signal: NodeJS.Signals | null): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let toldBusy = false;
  const restartLater = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const free = await assertFree(opts.plan.api, "API", "PORT").then(
        () => true,
        () => false,
      );
      if (!free) {
        // Another `npm start` brought it back: leave that one be, and take over if it stops.
        if (!toldBusy)
          opts.log(`\nA control plane is already serving port ${opts.plan.api}; not starting another.`);
        toldBusy = true;
        return restartLater();
      }
      toldBusy = false;
      const child = startControlPlane(opts.group, opts.root, opts.plan, opts.dataDir);
      opts.log(
        `\nStarting the control plane again (pid ${child.pid}); the connector reconnects and resyncs.`,
      );
    }, opts.restartDelayMs);
  };
  return {
    onExit(code, signal) {
      const exit = signal ? `killed by ${signal}` : `exit code ${code}`;
      opts.log(
        outageNotice(exit, Math.round(opts.restartDelayMs / 1000), opts.group.logFile("control-plane")),
      );
      restartLater();
    },
    cancel: () => clearTimeout(timer),
  };
}
