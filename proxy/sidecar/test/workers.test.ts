import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { Agent } from "node:http";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { Scope, snapshot, startEchoApp, startProxy, tempDir, trustDomain } from "./harness.ts";
import { httpRequest } from "./http-client.ts";

const bin = fileURLToPath(new URL("../bin/trellis-proxy.mjs", import.meta.url));

/** Child pids of a process (Linux: /proc/<pid>/task/<pid>/children). */
function workerPids(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

/** How many established TCP connections to local `port` the process `pid` holds. */
function connectionsHeld(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  let n = 0;
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1]?.endsWith(`:${hexPort}`) && f[3] === "01" && inodes.has(f[9]!)) n++;
  }
  return n;
}

describe("trellis-proxy --workers 2", () => {
  const scope = new Scope();
  afterEach(() => scope.cleanup());

  it("serves from both workers on one control stream, merges their metrics and drains on SIGTERM", async () => {
    const ca = await TestCa.create(trustDomain);
    const connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
    let slowArrived = false;
    const app = await startEchoApp(scope, "api", (req, res) => {
      if (req.url !== "/slow") return false;
      slowArrived = true;
      setTimeout(() => res.end("finished late"), 1500);
      return true;
    });
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const child: ChildProcess = spawn(
      process.execPath,
      [
        bin,
        ...["--connector", connector.address, "--service", "web", "--service-account", "web"],
        ...["--outbound", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--workers", "2"],
        ...["--state-dir", await tempDir(scope), "--report-interval-ms", "200"],
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    scope.add(() => {
      for (const pid of child.pid ? workerPids(child.pid) : []) process.kill(pid, "SIGKILL");
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    const line = await waitFor(() => /^\{.*"msg":"trellis-proxy serving".*$/m.exec(stderr)?.[0], {
      timeoutMs: 20_000,
    });
    const started = JSON.parse(line) as { outbound: string; admin: string; workers: number; proxyId: string };
    expect(started.workers).toBe(2);
    const outboundPort = Number(started.outbound.split(":")[1]);
    const workers = workerPids(child.pid!);
    expect(workers).toHaveLength(2);

    // Before a snapshot: not ready, and it says why.
    const early = await fetch(`http://${started.admin}/ready`);
    expect(early.status).toBe(503);
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
      }),
    );
    await waitFor(async () => (await fetch(`http://${started.admin}/ready`)).status === 200, {
      timeoutMs: 20_000,
    });

    // One control stream for the whole process tree; its status turns READY once.
    const hellos = connector.messages("hello").filter((h) => h.service === "web");
    expect(hellos.map((h) => h.proxyId)).toEqual([started.proxyId]);
    await waitFor(() =>
      connector.messages("status").some((s) => s.service === "web" && s.health === "PROXY_HEALTH_READY"),
    );

    // Four kept-alive connections, dealt round robin (a worker busy taking one may be
    // skipped): both workers hold some and serve their requests.
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    scope.add(() => agent.destroy());
    const burst = () =>
      Promise.all(Array.from({ length: 4 }, () => httpRequest(outboundPort, { host: "api", agent })));
    const replies = [...(await burst()), ...(await burst()), ...(await burst())];
    expect(replies.map((r) => r.status)).toEqual(Array(12).fill(200));
    const held = workers.map((pid) => connectionsHeld(pid, outboundPort));
    expect(held.reduce((a, b) => a + b)).toBe(4);
    expect(Math.min(...held)).toBeGreaterThanOrEqual(1);

    // /metrics on the primary adds up both workers' counters.
    const requestTotal = async () => {
      const text = await (await fetch(`http://${started.admin}/metrics`)).text();
      return text
        .split("\n")
        .filter((l) => l.startsWith("request_total{") && l.includes('direction="outbound"'))
        .filter((l) => l.includes('dst_service="api"'))
        .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
    };
    await waitFor(async () => (await requestTotal()) === 12, { what: "merged request_total = 12" });
    // The workers' metric batches reach the connector through the primary's stream.
    await waitFor(() => {
      const batches = connector.messages("metrics").flatMap((b) => b.edges);
      const sum = batches
        .filter((e) => e.destinationService === "api" && e.sourceService === "web")
        .reduce((n, e) => n + Number(e.requests), 0);
      return sum === 12;
    });

    // SIGTERM: the request in flight finishes, the listener closes, everything exits 0.
    agent.destroy();
    const slow = httpRequest(outboundPort, { host: "api", path: "/slow" });
    await waitFor(() => slowArrived);
    child.kill("SIGTERM");
    await waitFor(
      async () =>
        (await fetch(`http://${started.admin}/ready`).then(
          (r) => r.status === 503,
          () => true,
        )) &&
        new Promise<boolean>((resolve) => {
          const s = connect(outboundPort, "127.0.0.1");
          s.once("connect", () => {
            s.destroy();
            resolve(false);
          });
          s.once("error", () => resolve(true));
        }),
      { what: "the outbound listener to close" },
    );
    const reply = await slow;
    expect(reply.status).toBe(200);
    expect(reply.body).toBe("finished late");
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/"msg":"drained"/);
    expect(
      connector.messages("status").some((s) => s.service === "web" && s.health === "PROXY_HEALTH_DRAINING"),
    ).toBe(true);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });
});
