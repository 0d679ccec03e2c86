import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { assertFree, type PortPlan } from "@trellis/local/ports";
import { proxylessWorkloads, xdsPort } from "@trellis/local/proxyless";
import { demoWorkloads } from "@trellis/local/workloads";

const repo = fileURLToPath(new URL("../../", import.meta.url));

/** A port plan for `npm start` on a random high range whose every port is free now. */
export async function freeDemoPorts(): Promise<PortPlan> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const base = 30_000 + Math.floor(Math.random() * 2500) * 10;
    const plan: PortPlan = {
      api: base + 95,
      tunnel: base + 96,
      connector: base + 90,
      connectorAdmin: base + 91,
      workloadBase: base,
    };
    const ports = [plan.api, plan.tunnel, plan.connector, plan.connectorAdmin];
    ports.push(...demoWorkloads(plan).flatMap((w) => Object.values(w.ports)), xdsPort(plan));
    ports.push(...proxylessWorkloads(plan).map((w) => w.port));
    const free = await Promise.all(
      ports.map((p) =>
        assertFree(p, "test", "-").then(
          () => true,
          () => false,
        ),
      ),
    );
    if (free.every(Boolean)) return plan;
  }
  throw new Error("found no free port range for npm start");
}

export const portEnv = (plan: PortPlan): Record<string, string> => ({
  PORT: String(plan.api),
  TUNNEL_PORT: String(plan.tunnel),
  TRELLIS_DEMO_CONNECTOR_PORT: String(plan.connector),
  TRELLIS_DEMO_CONNECTOR_ADMIN_PORT: String(plan.connectorAdmin),
  TRELLIS_DEMO_BASE_PORT: String(plan.workloadBase),
});

/** `npm start` as a user runs it (`node infra/local/start.mjs`), with its output kept. */
export class NpmStart {
  output = "";
  exitCode: number | null | undefined = undefined;
  private readonly child: ChildProcess;

  constructor(
    readonly dataDir: string,
    env: Record<string, string>,
    args: string[] = [],
  ) {
    this.child = spawn(process.execPath, [join(repo, "infra/local/start.mjs"), ...args], {
      cwd: repo,
      env: { ...process.env, LOG_LEVEL: "warn", TRELLIS_DATA_DIR: dataDir, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (d: Buffer) => (this.output += d.toString());
    this.child.stdout!.on("data", keep);
    this.child.stderr!.on("data", keep);
    this.child.on("exit", (code) => (this.exitCode = code));
  }

  static dataDir(): string {
    return mkdtempSync(join(tmpdir(), "trellis-npm-start-"));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The output since `from` (a length of `output` taken earlier). */
  since(from: number): string {
    return this.output.slice(from);
  }

  /** Waits for `text` in the output after `from`; fails with the output if the launcher exits first. */
  async waitFor(text: string | RegExp, timeoutMs: number, from = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const tail = this.output.slice(from);
      const m = typeof text === "string" ? (tail.includes(text) ? text : null) : tail.match(text)?.[0];
      if (m) return m;
      if (this.exitCode !== undefined || Date.now() > deadline)
        throw new Error(
          `npm start ${this.exitCode !== undefined ? `exited (${this.exitCode})` : "timed out"} waiting for ${text}:\n${this.output.slice(-4000)}`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The demo's credentials, as `npm start` saved them. */
  credentials(): { email: string; password: string; token: string } {
    return JSON.parse(readFileSync(join(this.dataDir, "demo", "credentials.json"), "utf8"));
  }

  logOf(name: string): string {
    try {
      return readFileSync(join(this.dataDir, "demo", "logs", `${name}.log`), "utf8");
    } catch {
      return "(no log)";
    }
  }

  /** Ctrl-C, as a user stops it; SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.exitCode !== undefined) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGINT");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

/** Pids of live processes whose command line contains every one of `parts` (from /proc). */
export function pidsOf(...parts: string[]): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      if (parts.every((p) => cmd.includes(p))) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
