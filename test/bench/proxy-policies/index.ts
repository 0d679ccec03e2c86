/**
 * What each policy costs on the proxy pair: the same two `trellis-proxy` processes
 * (metrics on) measured with no policy, with each policy kind alone, and with all of
 * them, in interleaved rounds (BENCHMARKS.md) — a new snapshot is pushed and ACKed by
 * both proxies before each measurement. Saturation (wrk, 32 keep-alive connections):
 * throughput and CPU per request; at 1,000 rps: p99 with none vs all.
 * Runnable alone: `node --import tsx test/bench/proxy-policies/index.ts`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { configSnapshotSchema } from "@trellis/protocol/snapshot";
import { workloadSpiffeId } from "@trellis/protocol/spiffe";
import { FakeConnector, TestCa } from "@trellis/proxy/testing/fake-connector";
import { fixedRate, type LoadResult, wrk } from "../proxy/load.ts";
import { startProxyPair } from "../proxy/pair.ts";
import { type Child, cpuMs, has } from "../proxy/processes.ts";
import type { BenchResult } from "../types.ts";
import { policiesOf, type VariantName, variants } from "./variants.ts";

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const trustDomain = "bench.trellis.test";
const host = "app.default.svc.cluster.local";
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const proxyBin = join(repo, "proxy/sidecar/bin/trellis-proxy.mjs");
const names: VariantName[] = [...(Object.keys(variants) as VariantName[]), "all"];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

type Sample = { sat: LoadResult; cpuMsPerKReq: number; fixed?: LoadResult };

export async function run(): Promise<BenchResult> {
  if (!has("wrk")) throw new Error("the proxy-policies benchmark needs wrk: apt-get install wrk");
  const dir = mkdtempSync(join(tmpdir(), "trellis-bench-policies-"));
  const started: Child[] = [];
  const ca = await TestCa.create(trustDomain);
  const connector = await FakeConnector.start({ ca });
  try {
    const pair = await startProxyPair({
      repo,
      proxyBin,
      dir,
      connectorAddress: connector.address,
      started,
      extra: ["--workers", "1"],
    });
    const { inboundPort, serverProxy, clientProxy, serverAddr, clientAddr } = pair;
    let version = 0;
    const apply = async (name: VariantName) => {
      version++;
      const nonce = connector.push(snapshotFor(version, inboundPort, ca.rootPem, name));
      for (let i = 0; connector.messages("ack").filter((a) => a.nonce === nonce).length < 2; i++) {
        const nack = connector.messages("nack").find((n) => n.nonce === nonce);
        if (nack) throw new Error(`variant ${name} NACKed: ${nack.error}`);
        if (i > 400) throw new Error(`variant ${name} never ACKed by both proxies`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    await apply("none");
    for (const a of [serverAddr, clientAddr]) {
      for (
        let i = 0;
        !(await fetch(`http://${a.admin}/ready`).then(
          (r) => r.ok,
          () => false,
        ));
        i++
      ) {
        if (i > 400) throw new Error("proxies never became ready");
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const port = Number(clientAddr.outbound!.split(":")[1]);
    const pids = [clientProxy.proc.pid!, serverProxy.proc.pid!];
    const measure = async (withFixed: boolean): Promise<Sample> => {
      const before = pids.map(cpuMs);
      const sat = await wrk(port, host, seconds);
      const cpu = pids.map(cpuMs).reduce((n, v, i) => n + v - before[i]!, 0);
      const fixed = withFixed ? await fixedRate(port, host, 1000, seconds) : undefined;
      return { sat, cpuMsPerKReq: sat.requests ? (cpu / sat.requests) * 1000 : Number.NaN, fixed };
    };
    for (const n of names) {
      await apply(n);
      await wrk(port, host, 1); // warm up every path once
    }
    const samples = Object.fromEntries(names.map((n) => [n, [] as Sample[]])) as Record<
      VariantName,
      Sample[]
    >;
    for (let r = 0; r < rounds; r++) {
      for (const n of names) {
        await apply(n);
        const s = await measure(n === "none" || n === "all");
        if (s.sat.errors > 0 || (s.fixed?.errors ?? 0) > 0) throw new Error(`${n}: failed requests`);
        samples[n].push(s);
        console.log(
          `round ${r + 1} ${n.padEnd(15)} ${s.sat.rps.toFixed(0)} rps, p50 ${s.sat.p50Ms.toFixed(2)} p99 ${s.sat.p99Ms.toFixed(2)} ms, cpu ${s.cpuMsPerKReq.toFixed(1)} ms/1k` +
            (s.fixed ? `; @1000 p99 ${s.fixed.p99Ms.toFixed(2)} ms` : ""),
        );
      }
    }
    const m = (n: VariantName, f: (s: Sample) => number) => median(samples[n].map(f));
    const rps = (s: Sample) => s.sat.rps;
    const cpu = (s: Sample) => s.cpuMsPerKReq;
    const rows: BenchResult["rows"] = [];
    for (const n of names) {
      if (n === "none") continue;
      const spreadRps = samples[n].map(rps);
      rows.push({
        metric: `throughput with ${n} vs none`,
        ours: m(n, rps),
        reference: m("none", rps),
        unit: "req/s",
        note: `${Math.min(...spreadRps).toFixed(0)}–${Math.max(...spreadRps).toFixed(0)}`,
      });
      rows.push({
        metric: `CPU per 1k requests with ${n} vs none`,
        ours: m(n, cpu),
        reference: m("none", cpu),
        unit: "ms",
      });
    }
    rows.push({
      metric: "p99 at 1000 rps, all policies vs none",
      ours: m("all", (s) => s.fixed!.p99Ms),
      reference: m("none", (s) => s.fixed!.p99Ms),
      unit: "ms",
    });
    return { name: "proxy-policies", rows };
  } finally {
    for (const c of started.reverse()) await c.stop();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function snapshotFor(version: number, inboundPort: number, rootPem: string, name: VariantName) {
  return configSnapshotSchema.parse({
    schema: "trellis.config/v1",
    mesh: { name: "bench", trustDomain },
    cluster: "clu_bench",
    version,
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
            port: inboundPort,
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
    ...policiesOf(name),
    trustBundle: [rootPem],
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  const { formatTable } = await import("../types.ts");
  console.log(formatTable([result]));
}
