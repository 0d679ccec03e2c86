/**
 * xDS propagation (issue 15, BENCHMARKS.md "config change → ACK from every stream, xDS:
 * 1,000 xDS streams on one connector"): the real `trellis-connector --xds` as a child
 * process, fed by the fake control plane; N ADS streams (state of the world, subscribed as
 * a proxyless gRPC client: LDS, RDS, CDS and EDS of 50 services) in this process. A
 * snapshot pushed by the control plane → every stream holds the new version of all four
 * types (p50/p99) → every ACK in the ProxyReport the control plane receives. Reference: a
 * bare grpc-js ADS server (child process) writing the same response bytes to the same
 * number of streams and counting the ACKs. Rounds interleave ours / reference; medians.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { FakeControlPlane } from "@trellis/connector/testing/fake-control-plane";
import {
  defaultRoute,
  sampleSnapshotV2,
  v2Cluster,
  v2Endpoint,
  v2Inbound,
  v2VirtualHost,
} from "@trellis/connector/testing/sample-snapshot-v2";
import type { ConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import { connectorBin, Proc } from "../../support/processes.ts";
import { type BenchResult, formatTable } from "../types.ts";
import { XdsFleet } from "./fleet.ts";

const streams = Number(process.env.BENCH_XDS_STREAMS ?? 1000);
const services = 50;
const rounds = 3;
const here = fileURLToPath(new URL(".", import.meta.url));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise, or an error after `timeoutMs` (a lost stream must fail the run, not hang it). */
function within<T>(p: Promise<T>, what: string, timeoutMs = 180_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function until(fn: () => boolean, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** 50 services, 3 endpoints each; `version` moves svc-0's canary weight so every round changes content. */
function snapshot(version: number): ConfigSnapshotV2 {
  const names = Array.from({ length: services }, (_, i) => `svc-${i}`);
  const canary = 1 + (version % 50) * 100;
  const vhs = names.map((n, i) => {
    const route = defaultRoute(`default/${n}`);
    if (i === 0 && route.action.type === "forward")
      route.action.backends = [
        { cluster: "default/svc-0", weight: 10_000 - canary },
        { cluster: "default/svc-1", weight: canary },
      ];
    return v2VirtualHost(n, 8080, [route], "grpc");
  });
  const clusters = names.map((n, i) =>
    v2Cluster(
      n,
      [1, 2, 3].map((k) => v2Endpoint(`10.${i >> 8}.${i & 255}.${k}`, 4143, n)),
      { protocol: "grpc" },
    ),
  );
  return sampleSnapshotV2(version, { virtualHosts: vhs, clusters, inbound: names.map((n) => v2Inbound(n)) });
}

type RawServer = {
  child: ChildProcess;
  port: number;
  connected: number;
  acked: (v: string) => Promise<number>;
};

function startRawServer(): Promise<RawServer> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "raw-server.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiters = new Map<string, (ms: number) => void>();
  const server: RawServer = {
    child,
    port: 0,
    connected: 0,
    acked: (v) => new Promise<number>((r) => waiters.set(v, r)),
  };
  return new Promise((resolve) => {
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.trim().split("\n")) {
        const [what, a, b] = line.split(" ");
        if (what === "listening") {
          server.port = Number(a);
          resolve(server);
        }
        if (what === "connected") server.connected = Number(a);
        if (what === "acked") waiters.get(a!)?.(Number(b));
      }
    });
  });
}

/** The responses the first stream of a fleet received last, as the raw server's input. */
function replayOf(fleet: XdsFleet) {
  return [...fleet.lastResponses.values()].map((res) => ({
    type_url: res.type_url,
    resources: (res.resources as { type_url: string; value: Buffer }[]).map((a) => ({
      type_url: a.type_url,
      value: Buffer.from(a.value).toString("base64"),
    })),
  }));
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "trellis-bench-xds-"));
  const cp = await FakeControlPlane.start({ joinTokens: ["jt"] });
  let connector: Proc | null = null;
  let raw: Awaited<ReturnType<typeof startRawServer>> | null = null;
  const fleets: XdsFleet[] = [];
  try {
    const discovery = join(dir, "services.yaml");
    writeFileSync(discovery, "services: []\n");
    connector = new Proc(
      "connector",
      connectorBin,
      [
        "--control-plane",
        cp.url,
        "--join-token",
        "jt",
        "--state-dir",
        join(dir, "state"),
        "--discovery",
        `file:${discovery}`,
        "--listen",
        "127.0.0.1:0",
        "--xds",
        "127.0.0.1:0",
      ],
      {},
    );
    const started = await connector.waitForLog(
      (l) => l.msg === "connector started",
      "connector started",
      60_000,
    );
    await until(() => cp.hellos.length > 0, "the connector's hello");
    let version = 1;
    cp.pushConfig(version, { "trellis.config/v2": snapshot(version) });
    const clusterNames = snapshot(1).clusters.map((c) => c.name);
    /** Every xDS row of the last ProxyReport at `v` (the receipt the control plane records). */
    const reportedAt = (v: number) => {
      const rows = cp.messages("proxyReport").at(-1)?.proxies ?? [];
      return rows.filter((p) => Number(p.appliedConfigVersion) >= v).length;
    };

    raw = await startRawServer();
    await sleep(500);
    const connectorBefore = rssKb(connector.pid);
    const ours = new XdsFleet(`127.0.0.1:${started.xdsPort}`, streams, clusterNames);
    fleets.push(ours);
    await until(() => ours.current("1") === streams, "every stream at version 1");
    await until(() => reportedAt(1) === streams, "every stream's ACK of version 1 reported");
    await sleep(1000);
    const connectorAfter = rssKb(connector.pid);
    const rawBefore = rssKb(raw.child.pid!);
    const reference = new XdsFleet(`127.0.0.1:${raw.port}`, streams, clusterNames);
    fleets.push(reference);
    const rawServer = raw;
    await until(() => rawServer.connected === streams, "every stream at the raw server");
    // Like ours, measured after one full round (the responses of version 1, replayed).
    const responsesFile = join(dir, "responses.json");
    writeFileSync(responsesFile, JSON.stringify(replayOf(ours)));
    const warm = reference.expect("raw-1");
    raw.child.stdin!.write(`push raw-1 ${responsesFile}\n`);
    await within(warm.done, "the raw warm-up round");
    await sleep(1000);
    const rawAfter = rssKb(raw.child.pid!);

    const s = { p50: [] as number[], p99: [] as number[], all: [] as number[] };
    const r = { p50: [] as number[], p99: [] as number[], all: [] as number[] };
    let payloadBytes = 0;
    for (let round = 0; round < rounds; round++) {
      version++;
      const ourRound = ours.expect(String(version));
      const startedAt = performance.now();
      cp.pushConfig(version, { "trellis.config/v2": snapshot(version) });
      await within(ourRound.done, `version ${version} at every stream`);
      await until(() => reportedAt(version) === streams, "every ACK reported");
      s.all.push(performance.now() - startedAt);
      s.p50.push(pct(ourRound.latenciesMs, 0.5));
      s.p99.push(pct(ourRound.latenciesMs, 0.99));

      // The same bytes, replayed by the bare server.
      const replay = [...ours.lastResponses.values()].map((res) => ({
        type_url: res.type_url,
        resources: (res.resources as { type_url: string; value: Buffer }[]).map((a) => ({
          type_url: a.type_url,
          value: Buffer.from(a.value).toString("base64"),
        })),
      }));
      payloadBytes = replay.reduce(
        (n, x) => n + x.resources.reduce((m, a) => m + (a.value.length * 3) / 4, 0),
        0,
      );
      writeFileSync(responsesFile, JSON.stringify(replay));
      const refVersion = `raw-${version}`;
      const refRound = reference.expect(refVersion);
      const acked = raw.acked(refVersion);
      raw.child.stdin!.write(`push ${refVersion} ${responsesFile}\n`);
      await within(refRound.done, `${refVersion} at every raw stream`);
      r.all.push(await within(acked, `every ACK of ${refVersion}`));
      r.p50.push(pct(refRound.latenciesMs, 0.5));
      r.p99.push(pct(refRound.latenciesMs, 0.99));
      await sleep(500);
    }
    const failures = [...ours.failures, ...reference.failures];
    if (failures.length > 0) throw new Error(`streams failed: ${failures.slice(0, 3).join("; ")}`);
    const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;
    return {
      name: "xds",
      rows: [
        {
          metric: `snapshot → all 4 xDS types at ${streams} streams, p50`,
          ours: median(s.p50),
          reference: median(r.p50),
          unit: "ms",
          note: `ours ${spread(s.p50)}; ${services} services, responses ${(payloadBytes / 1024).toFixed(1)} KB per stream`,
        },
        {
          metric: `snapshot → all 4 xDS types at ${streams} streams, p99`,
          ours: median(s.p99),
          reference: median(r.p99),
          unit: "ms",
          note: `ours ${spread(s.p99)}; includes v2 validation, translation, encoding once per node kind`,
        },
        {
          metric: "snapshot → every xDS ACK recorded",
          ours: median(s.all),
          reference: median(r.all),
          unit: "ms",
          note: "ours: every row at the new version in the ProxyReport the control plane got (100 ms debounce); raw: ACKs counted",
        },
        {
          metric: "memory per xDS stream (RSS)",
          ours: (connectorAfter - connectorBefore) / streams,
          reference: (rawAfter - rawBefore) / streams,
          unit: "KB",
          note: `connector ${Math.round(connectorAfter / 1024)} MB RSS with ${streams} xDS streams`,
        },
      ],
    };
  } finally {
    for (const f of fleets) f.close();
    raw?.child.kill("SIGKILL");
    await connector?.stop("SIGKILL");
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await run();
  console.log(formatTable([result]));
  process.exit(0);
}
