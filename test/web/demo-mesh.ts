import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectorArgs, entryPoints, proxyArgs } from "@trellis/local/commands";
import { getViaOutbound } from "@trellis/local/demo/http-json";
import { isReady } from "@trellis/local/demo/mesh-ready";
import { ProcessGroup } from "@trellis/local/processes";
import { demoWorkloads, discoveryDocument, meshReadyTargets, type Workload } from "@trellis/local/workloads";
import { stringify } from "yaml";
import { waitFor } from "../support/wait-for.ts";
import { repoRoot } from "./build-console.ts";
import { freePort } from "./connector.ts";

/**
 * The `npm start` demo mesh (infra/local) on free loopback ports, for a test: a real
 * trellis-connector with file discovery of the demo services, then loadgen → frontend →
 * catalog v1/v2 → inventory (gRPC), each app behind a real trellis-proxy. The same modules
 * and arguments as infra/local/start.ts. Create it before starting, so `stop()` in an
 * afterAll also ends a start that timed out half-way.
 */
export class DemoMesh {
  readonly dir = mkdtempSync(join(tmpdir(), "trellis-web-demo-"));
  workloads: Workload[] = [];
  /** What happened when, for failure messages. */
  readonly steps: string[] = [];
  private died: string | null = null;
  private readonly children = new Map<string, ChildProcess>();
  private readonly stopped = new Set<string>();
  private readonly group = new ProcessGroup(join(this.dir, "logs"), (name, code) => {
    if (!this.stopped.has(name)) this.died ??= `${name} exited (code ${code}):\n${this.logTail(name)}`;
  });
  private readonly startedAt = Date.now();

  /** Why a process of the demo died early, if one did (with the end of its log). */
  failure(): string | null {
    return this.died;
  }

  /** The end of a process's log. */
  logTail(name: string): string {
    const file = this.group.logFile(name);
    return existsSync(file) ? readFileSync(file, "utf8").slice(-2000) : "(no log)";
  }

  /** Resolves once every proxy is ready and a request has crossed the mesh. */
  async start(args: { tunnelUrl: string; joinToken: string }): Promise<void> {
    // Every port the demo binds, picked free and distinct (the infra plan's fixed ports may
    // be taken, and the OS may hand a just-released port out twice).
    const taken = new Set<number>();
    const port = async () => {
      for (;;) {
        const p = await freePort();
        if (taken.has(p)) continue;
        taken.add(p);
        return p;
      }
    };
    const connector = { proxy: await port(), admin: await port() };
    const plan = {
      api: 0,
      tunnel: 0,
      connector: connector.proxy,
      connectorAdmin: connector.admin,
      workloadBase: 0,
    };
    for (const w of demoWorkloads(plan))
      this.workloads.push({
        ...w,
        ports: {
          app: await port(),
          inbound: await port(),
          outbound: await port(),
          admin: await port(),
        },
      });
    const discoveryFile = join(this.dir, "services.yaml");
    writeFileSync(discoveryFile, stringify(discoveryDocument(this.workloads)));
    const stateDir = join(this.dir, "connector");
    const flags = connectorArgs({ plan, ...args, stateDir, discoveryFile, maxBackoffMs: 1000 });
    this.spawn("connector", join(repoRoot, entryPoints.connector), flags, process.env, 1);
    await this.waitReady(
      `http://127.0.0.1:${connector.admin}/ready`,
      60_000,
      "the connector to get its config",
    );
    for (const w of this.workloads) {
      mkdirSync(join(this.dir, "proxies", w.name), { recursive: true });
      this.spawn(w.name, join(repoRoot, entryPoints.demoApp(w)), w.args(w.ports, this.workloads));
      const proxyFlags = proxyArgs(w, plan, join(this.dir, "proxies", w.name), 1000);
      this.spawn(`${w.name}-proxy`, join(repoRoot, entryPoints.proxy), proxyFlags);
    }
    await Promise.all(
      this.workloads.map((w) =>
        this.waitReady(
          `http://127.0.0.1:${w.ports.admin}/ready`,
          90_000,
          `the ${w.name} proxy to be ready`,
          `${w.name}-proxy`,
        ),
      ),
    );
    // Every app listening too (what the demo's loadgen waits for), so the first request is
    // not a start-up failure in the metrics the graph is coloured by.
    await waitFor(
      async () => (await Promise.all(meshReadyTargets(this.workloads).map(isReady))).every(Boolean),
      {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: () => this.explain("the demo apps to listen"),
      },
    );
    const loadgen = this.workloads.find((w) => w.name === "loadgen")!;
    await waitFor(
      async () =>
        (await getViaOutbound(`127.0.0.1:${loadgen.ports.outbound}`, "frontend", "/")).status === 200,
      { timeoutMs: 30_000, intervalMs: 250, what: () => this.explain("a request across the mesh") },
    );
    this.step("a request crossed the mesh");
  }

  /** GET / from loadgen's proxy to frontend (→ catalog → inventory): the HTTP status. */
  async requestAcrossMesh(): Promise<number> {
    const loadgen = this.workloads.find((w) => w.name === "loadgen")!;
    return (await getViaOutbound(`127.0.0.1:${loadgen.ports.outbound}`, "frontend", "/")).status;
  }

  /** Stops one process of the demo (e.g. `loadgen-proxy`) as an outage would; resolves once it exited. */
  async stopProcess(name: string): Promise<void> {
    const child = this.children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.stopped.add(name);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  async stop(): Promise<void> {
    await this.group.stop(5000);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private spawn(name: string, script: string, args: string[], env = process.env, tier = 2): void {
    this.children.set(name, this.group.start(name, script, args, env, tier));
  }

  private async waitReady(url: string, timeoutMs: number, what: string, process?: string): Promise<void> {
    await waitFor(
      async () => {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        return res.ok;
      },
      { timeoutMs, intervalMs: 250, what: () => this.explain(what, process) },
    );
    this.step(what);
  }

  private step(what: string): void {
    this.steps.push(`${((Date.now() - this.startedAt) / 1000).toFixed(1)} s: ${what}`);
  }

  /** A wait's description; evaluated when the wait gives up, so it carries the latest state. */
  private explain(what: string, process?: string): string {
    const log = process ? `\n${process} log:\n${this.logTail(process)}` : "";
    return `${what} (so far: ${this.steps.join("; ") || "nothing"})${this.died ? ` — but ${this.died}` : ""}${log}`;
  }
}
