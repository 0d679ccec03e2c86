import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectorArgs, entryPoints, proxyArgs } from "@trellis/local/commands";
import { getViaOutbound } from "@trellis/local/demo/http-json";
import { assertFree, type PortPlan } from "@trellis/local/ports";
import { ProcessGroup } from "@trellis/local/processes";
import { demoWorkloads, discoveryDocument, type Workload } from "@trellis/local/workloads";
import { stringify } from "yaml";

const repo = fileURLToPath(new URL("../../", import.meta.url));

/** A port plan on a random high range whose every port is free right now. */
export async function freePlan(api: number, tunnel: number): Promise<PortPlan> {
  for (let attempt = 0; attempt < 20; attempt++) {
    // Below Linux's ephemeral range (32768+): a port chosen here can't be taken meanwhile
    // by the client side of some unrelated connection.
    const base = 10_000 + Math.floor(Math.random() * 2000) * 10;
    const plan: PortPlan = {
      api,
      tunnel,
      connector: base + 90,
      connectorAdmin: base + 91,
      workloadBase: base,
    };
    const ports = [
      plan.connector,
      plan.connectorAdmin,
      ...demoWorkloads(plan).flatMap((w) => Object.values(w.ports)),
    ];
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
  throw new Error("found no free port range for the demo mesh");
}

/**
 * The demo application of `npm start` (infra/local), run for a test: a real connector with
 * file discovery and every app behind a real trellis-proxy. loadgen's app is not started:
 * the test drives traffic itself through loadgen's proxy.
 */
export class DemoMesh {
  readonly dir = mkdtempSync(join(tmpdir(), "trellis-first-day-"));
  readonly workloads: Workload[];
  readonly group: ProcessGroup;
  unexpectedExits: string[] = [];
  /** The running child of each process name, and what restarts it. */
  private readonly children = new Map<string, { child: ChildProcess; start: () => ChildProcess }>();
  private readonly restarting = new Set<string>();

  constructor(readonly plan: PortPlan) {
    this.workloads = demoWorkloads(plan);
    this.group = new ProcessGroup(join(this.dir, "logs"), (name, code) => {
      if (!this.restarting.has(name)) this.unexpectedExits.push(`${name} (${code})`);
    });
  }

  /** Starts a process of the group and remembers how, so `restart` can do it again. */
  private run(name: string, start: () => ChildProcess): void {
    this.children.set(name, { child: start(), start });
  }

  /**
   * Stops one process with `signal` (SIGTERM: it drains) and starts it again with the
   * same flags and state; resolves once the new one is spawned.
   */
  async restart(name: string, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const entry = this.children.get(name);
    if (!entry) throw new Error(`no process ${name}`);
    this.restarting.add(name);
    try {
      if (entry.child.exitCode === null && entry.child.signalCode === null) {
        const exited = new Promise((r) => entry.child.once("exit", r));
        entry.child.kill(signal);
        await exited;
      }
      entry.child = entry.start();
    } finally {
      this.restarting.delete(name);
    }
  }

  startConnector(tunnelUrl: string, joinToken: string, opts: { maxBackoffMs?: number } = {}): void {
    const discoveryFile = join(this.dir, "services.yaml");
    writeFileSync(discoveryFile, stringify(discoveryDocument(this.workloads)));
    const stateDir = join(this.dir, "connector");
    const args = connectorArgs({
      plan: this.plan,
      tunnelUrl,
      joinToken,
      stateDir,
      discoveryFile,
      maxBackoffMs: "maxBackoffMs" in opts ? opts.maxBackoffMs : 1000,
    });
    this.run("connector", () =>
      this.group.start("connector", join(repo, entryPoints.connector), args, process.env, 1),
    );
  }

  startWorkloads(): void {
    for (const w of this.workloads) {
      if (w.name !== "loadgen") this.group.start(w.name, join(repo, entryPoints.demoApp(w)), w.args(w.ports));
      const stateDir = join(this.dir, "proxies", w.name);
      const args = proxyArgs(w, this.plan, stateDir, 2000);
      const name = `${w.name}-proxy`;
      this.run(name, () => this.group.start(name, join(repo, entryPoints.proxy), args));
    }
  }

  workload(name: string): Workload {
    return this.workloads.find((w) => w.name === name)!;
  }

  /** A request from `from`'s app to mesh service `host`, through `from`'s outbound proxy. */
  call(from: string, host: string, path = "/") {
    return getViaOutbound(`127.0.0.1:${this.workload(from).ports.outbound}`, host, path, {}, 5000);
  }

  stop(): Promise<void> {
    return this.group.stop(5000);
  }
}

/**
 * Sends a steady stream of requests (loadgen → frontend → catalog → inventory) and keeps
 * every failure, so a test can assert that an outage or a rotation dropped none.
 */
export class TrafficLoop {
  sent = 0;
  failures: string[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(mesh: DemoMesh, intervalMs = 100) {
    this.done = (async () => {
      while (this.running) {
        const started = Date.now();
        this.sent++;
        try {
          const res = await mesh.call("loadgen", "frontend");
          if (res.status !== 200)
            this.failures.push(
              `${new Date().toISOString()} status ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`,
            );
        } catch (err) {
          this.failures.push(`${new Date().toISOString()} ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - started))));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}
