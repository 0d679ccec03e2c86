/**
 * The proxy pair against a direct connection and an nginx pair with mTLS, side by side
 * in one run (BENCHMARKS.md): requests/s and p50/p99 at saturation (wrk, 32 keep-alive
 * connections), p50/p99 at a fixed 1,000 rps (open-loop Node generator), CPU per
 * request and RSS of each proxy. Rounds interleave direct, ours and nginx; the median
 * of the rounds is reported. Runnable alone: `node --import tsx test/bench/proxy/index.ts`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { configSnapshotSchema } from "@trellis/protocol/snapshot";
import { workloadSpiffeId } from "@trellis/protocol/spiffe";
import { FakeConnector, TestCa } from "@trellis/proxy/testing/fake-connector";
import { fixedRate, type LoadResult, wrk } from "./load.ts";
import { startNginxPair } from "./nginx.ts";
import { startProxyPair } from "./pair.ts";
import { type Child, children, cpuMs, has, rssMb, start, waitForLine } from "./processes.ts";

type BenchResult = {
  name: string;
  rows: { metric: string; ours: number; reference: number; unit: string; note?: string }[];
};

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const fixedRps = 1000;
const trustDomain = "bench.trellis.test";
const host = "app.default.svc.cluster.local";
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const proxyBin = join(repo, "proxy/sidecar/bin/trellis-proxy.mjs");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const spread = (xs: number[], digits = 0) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

function ensureTools(): boolean {
  if (has("nginx") && has("wrk")) return true;
  try {
    execFileSync(
      "sh",
      ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk"],
      {
        stdio: "ignore",
        timeout: 300_000,
      },
    );
  } catch {
    // fall through: report what we can
  }
  return has("nginx") && has("wrk");
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

type Target = { name: "direct" | "ours" | "nginx" | "bare"; port: number; pids: () => number[] };
type Sample = { sat: LoadResult; fixed: LoadResult; cpuMsPerKReq: number; rssMb: number[] };

async function measure(t: Target): Promise<Sample> {
  const pids = t.pids();
  const before = pids.map(cpuMs);
  const sat = await wrk(t.port, host, seconds);
  const after = pids.map(cpuMs);
  const cpu = after.reduce((n, v, i) => n + v - before[i]!, 0);
  const fixed = await fixedRate(t.port, host, fixedRps, seconds);
  return {
    sat,
    fixed,
    cpuMsPerKReq: sat.requests ? (cpu / sat.requests) * 1000 : Number.NaN,
    rssMb: pids.map(rssMb),
  };
}

export async function run(): Promise<BenchResult> {
  const haveTools = ensureTools();
  if (!haveTools)
    throw new Error("the proxy benchmark needs wrk (and nginx for the reference): apt-get install nginx wrk");
  const dir = mkdtempSync(join(tmpdir(), "trellis-bench-proxy-"));
  const started: Child[] = [];
  const ca = await TestCa.create(trustDomain);
  const connector = await FakeConnector.start({ ca });
  try {
    const { appPort, serverProxy, clientProxy, serverAddr, clientAddr } = await startProxyPair({
      repo,
      proxyBin,
      dir,
      connectorAddress: connector.address,
      started,
    });
    connector.push(
      configSnapshotSchema.parse({
        schema: "trellis.config/v1",
        mesh: { name: "bench", trustDomain },
        cluster: "clu_bench",
        version: 1,
        settings: { mtlsMode: "strict", egressMode: "deny", defaultPolicy: "allow", certTtlSeconds: 86400 },
        services: [
          {
            name: "app",
            namespace: "default",
            hostnames: [host],
            ports: [{ port: 80, protocol: "http" }],
            endpoints: [
              {
                address: "127.0.0.1",
                port: Number(serverAddr.inbound!.split(":")[1]),
                identity: workloadSpiffeId(trustDomain, "default", "app"),
                cluster: "clu_bench",
              },
            ],
          },
        ],
        httpRoutes: [],
        grpcRoutes: [],
        retryPolicies: [],
        circuitBreakers: [],
        authorizationPolicies: [],
        rateLimits: [],
        faultInjections: [],
        trustBundle: [ca.rootPem],
      }),
    );
    for (const a of [serverAddr, clientAddr]) {
      for (let i = 0; ; i++) {
        const ok = await fetch(`http://${a.admin}/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (i > 400) throw new Error("proxies never became ready");
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    const frontPort = await freePort();
    const backPort = await freePort();
    const front = await ca.issue(workloadSpiffeId(trustDomain, "default", "bench"), 86400, ["front.mesh"]);
    const back = await ca.issue(workloadSpiffeId(trustDomain, "default", "app"), 86400, ["back.mesh"]);
    const nginx = await startNginxPair({
      dir: join(dir, "nginx"),
      appPort,
      frontPort,
      backPort,
      rootPem: ca.rootPem,
      front: { keyPem: front.keyPem, certPem: front.chainPem.join("") },
      back: { keyPem: back.keyPem, certPem: back.chainPem.join("") },
    });
    started.push(...nginx);
    const bareFront = await freePort();
    const bareBack = await freePort();
    const bare = [
      start(
        process.execPath,
        [
          "--import",
          "tsx",
          join(repo, "test/bench/proxy/bare-pair.ts"),
          "back",
          join(dir, "nginx"),
          String(bareBack),
          String(appPort),
        ],
        { cwd: repo },
      ),
      start(
        process.execPath,
        [
          "--import",
          "tsx",
          join(repo, "test/bench/proxy/bare-pair.ts"),
          "front",
          join(dir, "nginx"),
          String(bareFront),
          String(bareBack),
        ],
        { cwd: repo },
      ),
    ];
    started.push(...bare);
    for (const b of bare) await waitForLine(b, /ready/);

    const targets: Target[] = [
      { name: "direct", port: appPort, pids: () => [] },
      {
        name: "ours",
        port: Number(clientAddr.outbound!.split(":")[1]),
        pids: () => [clientProxy.proc.pid!, serverProxy.proc.pid!],
      },
      { name: "nginx", port: frontPort, pids: () => nginx.flatMap((n) => children(n.proc.pid!)) },
      { name: "bare", port: bareFront, pids: () => bare.map((b) => b.proc.pid!) },
    ];
    // Warm up: JIT, pools, TLS sessions.
    for (const t of targets) await wrk(t.port, host, 1);
    const samples: Record<Target["name"], Sample[]> = { direct: [], ours: [], nginx: [], bare: [] };
    for (let r = 0; r < rounds; r++) {
      for (const t of targets) {
        const s = await measure(t);
        if (s.sat.errors > 0 || s.fixed.errors > 0)
          throw new Error(`${t.name}: ${s.sat.errors + s.fixed.errors} failed requests`);
        samples[t.name].push(s);
        console.log(
          `round ${r + 1} ${t.name.padEnd(6)} ${s.sat.rps.toFixed(0)} rps, sat p50 ${s.sat.p50Ms.toFixed(2)} p99 ${s.sat.p99Ms.toFixed(2)} ms; ` +
            `@${fixedRps} p50 ${s.fixed.p50Ms.toFixed(2)} p99 ${s.fixed.p99Ms.toFixed(2)} ms; cpu ${s.cpuMsPerKReq.toFixed(1)} ms/1k req`,
        );
      }
    }
    const m = (name: Target["name"], f: (s: Sample) => number) => median(samples[name].map(f));
    const sp = (name: Target["name"], f: (s: Sample) => number, d = 0) => spread(samples[name].map(f), d);
    const rps = (s: Sample) => s.sat.rps;
    const addedP99 = (name: Target["name"]) =>
      m(name, (s) => s.fixed.p99Ms) - m("direct", (s) => s.fixed.p99Ms);
    const addedP50 = (name: Target["name"]) =>
      m(name, (s) => s.fixed.p50Ms) - m("direct", (s) => s.fixed.p50Ms);
    const ourRss = samples.ours.flatMap((s) => s.rssMb);
    const nginxRss = samples.nginx.flatMap((s) => s.rssMb);
    const bareRss = samples.bare.flatMap((s) => s.rssMb);
    return {
      name: "proxy",
      rows: [
        {
          metric: "pair throughput vs nginx pair",
          ours: m("ours", rps),
          reference: m("nginx", rps),
          unit: "req/s",
          note: `ours ${sp("ours", rps)}, nginx ${sp("nginx", rps)}; target ≥0.6×`,
        },
        {
          metric: "pair throughput vs direct",
          ours: m("ours", rps),
          reference: m("direct", rps),
          unit: "req/s",
          note: `direct ${sp("direct", rps)}`,
        },
        {
          metric: "p50 at saturation vs nginx",
          ours: m("ours", (s) => s.sat.p50Ms),
          reference: m("nginx", (s) => s.sat.p50Ms),
          unit: "ms",
        },
        {
          metric: "p99 at saturation vs nginx",
          ours: m("ours", (s) => s.sat.p99Ms),
          reference: m("nginx", (s) => s.sat.p99Ms),
          unit: "ms",
        },
        {
          metric: `added p50 at ${fixedRps} rps vs nginx's`,
          ours: addedP50("ours"),
          reference: addedP50("nginx"),
          unit: "ms",
        },
        {
          metric: `added p99 at ${fixedRps} rps vs nginx's`,
          ours: addedP99("ours"),
          reference: addedP99("nginx"),
          unit: "ms",
          note: `target ≤1 ms; direct p99 ${m("direct", (s) => s.fixed.p99Ms).toFixed(2)} ms`,
        },
        {
          metric: "CPU per 1k requests (both proxies)",
          ours: m("ours", (s) => s.cpuMsPerKReq),
          reference: m("nginx", (s) => s.cpuMsPerKReq),
          unit: "ms",
          note: "target ≤2×",
        },
        {
          metric: "pair throughput vs bare Node pair",
          ours: m("ours", rps),
          reference: m("bare", rps),
          unit: "req/s",
          note: `bare ${sp("bare", rps)}: mTLS pipe, no routing/metrics`,
        },
        {
          metric: "CPU per 1k requests vs bare Node pair",
          ours: m("ours", (s) => s.cpuMsPerKReq),
          reference: m("bare", (s) => s.cpuMsPerKReq),
          unit: "ms",
        },
        {
          metric: "RSS per proxy under load (max)",
          ours: Math.max(...ourRss),
          reference: Math.max(...nginxRss),
          unit: "MB",
          note: `nginx: worker RSS; bare Node pair ${Math.max(...bareRss).toFixed(0)} MB; target ≤64 MB`,
        },
      ],
    };
  } finally {
    for (const c of started.reverse()) await c.stop();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  const { formatTable } = await import("../types.ts");
  console.log(formatTable([result]));
}
