import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@trellis/db/testing";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { TrellisClient } from "@trellis/sdk";
import { DemoMesh, freePlan } from "../first-day/demo-mesh.ts";
import { type ControlPlaneProc, startControlPlaneProcess } from "../support/processes.ts";

/**
 * The demo mesh of `npm start` (infra/local, via test/first-day's DemoMesh) on a real
 * control plane, for fault tests and the soak: signup, a mesh `shop` (no canary route,
 * so `catalog` is one service with two endpoints, catalog-v1 and catalog-v2), a cluster,
 * the connector with its default reconnect schedule, every proxy ready.
 */
export class FaultMesh {
  cp!: ControlPlaneProc;
  client!: TrellisClient;
  mesh!: DemoMesh;
  private cpOptions!: Parameters<typeof startControlPlaneProcess>[0];

  /** `databaseUrl`: a PostgreSQL; without it the control plane uses embedded PGlite in a temp dir. */
  static async start(opts: { databaseUrl?: string; readyTimeoutMs?: number } = {}): Promise<FaultMesh> {
    const f = new FaultMesh();
    try {
      await f.boot(opts);
      return f;
    } catch (err) {
      await f.stop(); // leave no process behind
      throw err;
    }
  }

  private async boot(opts: { databaseUrl?: string; readyTimeoutMs?: number }): Promise<void> {
    this.cpOptions = {
      databaseUrl: opts.databaseUrl,
      port: await freePort(),
      tunnelPort: await freePort(),
      replicaId: "cp-faults",
      dataDir: mkdtempSync(join(tmpdir(), "trellis-faults-cp-")),
      env: { TRELLIS_KEK: Buffer.alloc(32, 9).toString("base64") },
      readyTimeoutMs: 120_000,
    };
    this.cp = await startControlPlaneProcess(this.cpOptions);
    const session = new TrellisClient({ baseUrl: this.cp.apiUrl });
    await session.auth.signup({
      email: "ops@faults.example",
      password: "a long and careful passphrase",
      orgName: "Faults",
    });
    const token = await session.tokens.create({ name: "faults", role: "admin" });
    this.client = new TrellisClient({ baseUrl: this.cp.apiUrl, token: token.token });
    await this.client.meshes.create({ name: "shop" });
    const cluster = await this.client.clusters("shop").create("east");
    this.mesh = new DemoMesh(await freePlan(this.cpOptions.port, this.cpOptions.tunnelPort));
    this.mesh.startConnector(this.cp.tunnelUrl, cluster.joinToken.token, { maxBackoffMs: undefined });
    const timeoutMs = opts.readyTimeoutMs ?? 240_000;
    await waitFor(async () => (await this.client.clusters("shop").get("east")).connected, {
      what: "the connector to join",
      timeoutMs,
    });
    this.mesh.startWorkloads();
    await Promise.race([
      Promise.all(this.mesh.workloads.map((w) => this.proxyReady(w.name, timeoutMs))),
      waitFor(() => this.mesh.unexpectedExits.length > 0, {
        timeoutMs: timeoutMs + 1000,
        intervalMs: 500,
      }).then(() => {
        throw new Error(`a demo process exited: ${this.mesh.unexpectedExits.join(", ")}`);
      }),
    ]);
    let last = "";
    await waitFor(
      async () => {
        const r = await this.call("catalog");
        last = `${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
        return r.status === 200;
      },
      { what: () => `a first request to catalog (last: ${last})`, timeoutMs: 60_000 },
    );
  }

  /** The loadgen proxy's outbound listener, where test traffic enters the mesh. */
  get outbound(): string {
    return `127.0.0.1:${this.mesh.workload("loadgen").ports.outbound}`;
  }

  call(host: string, path = host === "catalog" ? "/items" : "/") {
    return this.mesh.call("loadgen", host, path);
  }

  proxyReady(workload: string, timeoutMs = 60_000): Promise<boolean> {
    const port = this.mesh.workload(workload).ports.admin;
    return waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2000) })).ok,
      { what: `the ${workload} proxy to be ready`, timeoutMs, intervalMs: 50 },
    );
  }

  /** SIGTERM (drain) and start again one workload's proxy; resolves once it is ready. */
  async restartProxy(workload: string): Promise<void> {
    await this.mesh.restart(`${workload}-proxy`);
    await this.proxyReady(workload);
  }

  async stopControlPlane(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    await this.cp.stop(signal);
  }

  /** Starts the control plane again on the same ports and data; resolves when it listens. */
  async startControlPlane(): Promise<void> {
    this.cp = await startControlPlaneProcess(this.cpOptions);
  }

  /** The connector's own view: tunnel state and how many streams were welcomed so far. */
  async connectorStatus(): Promise<{ state: string; connects: number; snapshot: number }> {
    const r = await fetch(`http://127.0.0.1:${this.mesh.plan.connectorAdmin}/status`, {
      signal: AbortSignal.timeout(2000),
    });
    const s = (await r.json()) as {
      state: string;
      tunnel: { connects: number } | null;
      snapshot: { version: number } | null;
    };
    return { state: s.state, connects: s.tunnel?.connects ?? 0, snapshot: s.snapshot?.version ?? 0 };
  }

  /**
   * After the control plane is back: ms until the connector has a newly welcomed stream,
   * and until the API reports every cluster and proxy on the desired config version.
   */
  async resync(connectsBefore: number, sinceMs: number): Promise<{ connectedMs: number; inSyncMs: number }> {
    await waitFor(
      async () => {
        const s = await this.connectorStatus();
        return s.state === "connected" && s.connects > connectsBefore;
      },
      { what: "the connector to reconnect", timeoutMs: 60_000, intervalMs: 50 },
    );
    const connectedMs = Date.now() - sinceMs;
    await this.client.waitForSync("shop", { timeoutMs: 60_000, pollMs: 200 });
    return { connectedMs, inSyncMs: Date.now() - sinceMs };
  }

  /** For a failing assertion: the first failures and every proxy's retry and ejection counters. */
  async explain(failures: { atMs: number; ms: number; status: number; reason: string }[]): Promise<string> {
    const lines = failures
      .slice(0, 8)
      .map((o) => `${new Date(o.atMs).toISOString()} ${o.reason} after ${Math.round(o.ms)} ms`);
    for (const w of this.mesh.workloads) {
      const text = await fetch(`http://127.0.0.1:${w.ports.admin}/metrics`, {
        signal: AbortSignal.timeout(2000),
      })
        .then((r) => r.text())
        .catch(() => "");
      const counters = text.split("\n").filter((l) => /^(retry_total|outlier_ejections_total)\{/.test(l));
      if (counters.length) lines.push(`${w.name}: ${counters.join(" | ")}`);
    }
    return lines.join("\n");
  }

  async stop(): Promise<void> {
    await this.mesh?.stop();
    await this.cp?.stop();
  }
}
