import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";

/** Child processes of the demo, each logging to its own file; stopped together. */
export class ProcessGroup {
  private readonly children: { name: string; child: ChildProcess; tier: number }[] = [];
  private stopping = false;

  constructor(
    private readonly logDir: string,
    private readonly onUnexpectedExit: (
      name: string,
      code: number | null,
      signal: NodeJS.Signals | null,
    ) => void,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  /** `tier`: lower tiers stop last (0 = control plane, 1 = connector, 2 = workloads). */
  start(
    name: string,
    script: string,
    args: string[],
    env: NodeJS.ProcessEnv = process.env,
    tier = 2,
  ): ChildProcess {
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: "a" });
    // TypeScript sources run through tsx; bundled bins (.mjs) start without a loader.
    const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
    const child = spawn(process.execPath, [...loader, script, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.once("exit", (code, signal) => {
      if (!this.stopping) this.onUnexpectedExit(name, code, signal);
    });
    this.children.push({ name, child, tier });
    return child;
  }

  logFile(name: string): string {
    return join(this.logDir, `${name}.log`);
  }

  /** Used on a second Ctrl-C: no draining, but nothing left behind either. */
  killNow(): void {
    this.stopping = true;
    for (const { child } of this.children)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }

  /** SIGTERM tier by tier, highest first (workloads together, control plane last); SIGKILL stragglers. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    const tiers = [...new Set(this.children.map((c) => c.tier))].sort((a, b) => b - a);
    for (const tier of tiers) {
      await Promise.all(
        this.children
          .filter((c) => c.tier === tier && c.child.exitCode === null && c.child.signalCode === null)
          .map(({ child }) => {
            child.kill("SIGTERM");
            return exited(child, timeoutMs).catch(() => child.kill("SIGKILL"));
          }),
      );
    }
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
