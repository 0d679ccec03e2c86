/**
 * Config propagation (issue 3 item 8, issue 14 item 3, BENCHMARKS.md "config change → ACK
 * from every stream"): simulated connector streams on one control-plane process at 100,
 * 1,000 and 3,000 streams (10,000 with BENCH_FULL=1); at each size an API write → the
 * snapshot at every stream (p50/p99) → every ACK recorded in PostgreSQL, and memory per
 * connected tunnel (RSS delta / streams). Reference: a bare grpc-js server (child process)
 * writing the same payload bytes to the same number of streams and counting the ACKs.
 * Each fleet of simulated connectors runs in a process of its own (fleet.ts).
 * Rounds interleave ours / reference; medians are reported. Then the `npm start` demo
 * control plane's idle RSS (idle-footprint.ts). Run alone: `npm run bench -- propagation`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { signedUpClient } from "@trellis/control-plane/testing";
import { schema } from "@trellis/db";
import { createTestDatabase, freePort } from "@trellis/db/testing";
import { and, count, eq, gte } from "drizzle-orm";
import { type ControlPlaneProc, startControlPlaneProcess } from "../../support/processes.ts";
import { type BenchResult, type BenchRow, formatTable } from "../types.ts";
import { FleetProcess } from "./fleet.ts";
import { idleFootprintRows } from "./idle-footprint.ts";
import { settledRssMb } from "./rss.ts";

// The issue-14 sizes; 10,000 only with BENCH_FULL=1 (minutes of set-up on two shared
// cores). BENCH_TUNNELS=<n>[,<n>…] runs those sizes.
const sizes = process.env.BENCH_TUNNELS
  ? process.env.BENCH_TUNNELS.split(",").map(Number)
  : [100, 1000, 3000, ...(process.env.BENCH_FULL ? [10_000] : [])];
const tunnels = Math.max(...sizes);
const meshServices = 30;
const rounds = 3;
const here = fileURLToPath(new URL(".", import.meta.url));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connecting and syncing a fleet on two shared cores: 60 s plus 50 ms a stream. */
const setupMs = (streams: number) => 60_000 + 50 * streams;

async function until(
  fn: () => Promise<boolean> | boolean,
  what: string | (() => string | Promise<string>),
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === "function" ? await what() : what}`);
    await sleep(10);
  }
}

function startRawServer(): Promise<{
  child: ChildProcess;
  port: number;
  acked: (v: number) => Promise<number>;
}> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "raw-server.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiters = new Map<number, (t: number) => void>();
  return new Promise((resolve) => {
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.trim().split("\n")) {
        const [what, a] = line.split(" ");
        if (what === "listening")
          resolve({
            child,
            port: Number(a),
            acked: (v) => new Promise<number>((r) => waiters.set(v, r)),
          });
        if (what === "acked") waiters.get(Number(a))?.(performance.now());
      }
    });
  });
}

/**
 * Opens streams in steps of 250, each step welcomed before the next: thousands of
 * connections at once on two shared cores outlast the tunnel's handshake deadline.
 */
async function growInSteps(fleet: FleetProcess, size: number): Promise<void> {
  for (let n = fleet.size; n < size; ) {
    n = Math.min(size, n + 250);
    fleet.grow(n);
    const step = n;
    await until(
      () => fleet.welcomed === step,
      () => `${step} streams welcomed (${fleet.welcomed})`,
      setupMs(250),
    );
  }
}

export async function run(): Promise<BenchResult> {
  const db = await createTestDatabase();
  if (!db.url) throw new Error("the propagation benchmark needs PostgreSQL (initdb/pg_ctl or DATABASE_URL)");
  const dir = mkdtempSync(join(tmpdir(), "trellis-bench-prop-"));
  let cp: ControlPlaneProc | null = null;
  let raw: Awaited<ReturnType<typeof startRawServer>> | null = null;
  const fleets: FleetProcess[] = [];
  try {
    cp = await startControlPlaneProcess({
      databaseUrl: db.url,
      port: await freePort(),
      tunnelPort: await freePort(),
      replicaId: "bench",
      dataDir: join(dir, "cp"),
      env: {
        TUNNEL_HEARTBEAT_INTERVAL_MS: "5000",
        ...(process.env.BENCH_DEBUG ? { LOG_LEVEL: "debug" } : {}),
      },
    });
    const { client: owner, orgId } = await signedUpClient(cp.apiUrl);
    const mesh = (await owner.post("/v1/meshes", { name: "bench" })).body;
    // Stream i of our fleet authenticates as cluster i: "<prefix><i><suffix>".
    const bearer = { prefix: "trl_cc_bench_", suffix: `_${mesh.id}` };
    const credentials = Array.from({ length: tunnels }, (_, i) => `${bearer.prefix}${i}${bearer.suffix}`);
    for (let i = 0; i < tunnels; i += 500) {
      await db.db.insert(schema.clusters).values(
        credentials.slice(i, i + 500).map((cred, k) => ({
          id: `clu_bench${i + k}`,
          orgId,
          meshId: mesh.id,
          name: `c${i + k}`,
          credentialHash: createHash("sha256").update(cred).digest("hex"),
          credentialIssuedAt: new Date(),
        })),
      );
    }
    // A mesh with something in it: 30 services (3 endpoints each) in the first 10 clusters,
    // each with a ClusterIP that only its own cluster's snapshot carries.
    await db.db.insert(schema.discoveredServices).values(
      Array.from({ length: meshServices }, (_, i) => ({
        id: `dsv_bench${i}`,
        orgId,
        meshId: mesh.id,
        clusterId: `clu_bench${i % Math.min(10, tunnels)}`,
        name: `svc-${i}`,
        namespace: "shop",
        ports: [{ port: 8080, protocol: "http" }],
        endpoints: [1, 2, 3].map((k) => ({
          address: `10.${i}.0.${k}`,
          port: 8080,
          serviceAccount: `svc-${i}`,
          vmName: "",
          workload: `svc-${i}-${k}`,
          ready: true,
        })),
        addresses: [`10.96.${i}.1`],
      })),
    );
    const appliedCount = async (v: number) => {
      const c = schema.clusters;
      const [row] = await db.db
        .select({ n: count() })
        .from(c)
        .where(and(eq(c.meshId, mesh.id), gte(c.appliedVersion, v)));
      return row!.n;
    };

    raw = await startRawServer();
    await sleep(500);
    const cpBase = (await settledRssMb(cp.pid)) * 1024;
    const rawBase = (await settledRssMb(raw.child.pid!)) * 1024;
    // Each fleet in its own process (fleet.ts), like each server.
    const ours = new FleetProcess(new URL(cp.tunnelUrl).host, bearer);
    const reference = new FleetProcess(`127.0.0.1:${raw.port}`);
    fleets.push(ours, reference);
    const rows: BenchRow[] = [];
    let version = 1;
    const payloadFile = join(dir, "payload.json");
    let payload: Buffer = Buffer.alloc(0);
    for (const size of sizes) {
      try {
        // Memory: RSS of each server with `size` streams connected and settled, against its
        // RSS before the first stream (one fleet grows through the sizes).
        await growInSteps(ours, size);
        let acked = 0;
        await until(
          async () => {
            acked = await appliedCount(version);
            return acked === size;
          },
          () =>
            `the current snapshot acked everywhere (${acked} of ${size}; ${ours.failures.length} failed streams)`,
          setupMs(size),
        );
        await growInSteps(reference, size);
        console.error(`[propagation] ${size} streams connected and in sync; measuring`);
        // Settled: what each server keeps per stream, not the garbage of the sync it just did.
        const cpKb = (await settledRssMb(cp.pid)) * 1024;
        const rawKb = (await settledRssMb(raw.child.pid!)) * 1024;

        const samples = { oursP50: [] as number[], oursP99: [] as number[], oursAll: [] as number[] };
        const refSamples = { p50: [] as number[], p99: [] as number[], all: [] as number[] };
        for (let r = 0; r < rounds; r++) {
          version++;
          const round = await ours.expect(version);
          const startedAt = performance.now();
          const put = await owner.put("/v1/meshes/bench/resources/HTTPRoute/web", {
            spec: { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: `web-v${version}` }] }] },
          });
          if (put.status >= 300) throw new Error(`PUT failed: ${put.status}`);
          const latenciesMs = await round.latenciesMs;
          await until(
            async () => (await appliedCount(version)) === size,
            async () =>
              `every ACK of ${version} recorded (${await appliedCount(version)} of ${size}; ${ours.failures.length} failed streams)`,
          );
          samples.oursAll.push(performance.now() - startedAt);
          samples.oursP50.push(pct(latenciesMs, 0.5));
          samples.oursP99.push(pct(latenciesMs, 0.99));

          payload = await ours.lastPayload(payloadFile);
          const refRound = await reference.expect(version);
          const acked = raw.acked(version);
          const refStartedAt = performance.now();
          raw.child.stdin!.write(`push ${version} ${payloadFile}\n`);
          const refLatencies = await refRound.latenciesMs;
          refSamples.all.push((await acked) - refStartedAt);
          refSamples.p50.push(pct(refLatencies, 0.5));
          refSamples.p99.push(pct(refLatencies, 0.99));
          await sleep(300);
        }
        const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;
        const payloadKb = (payload.length / 1024).toFixed(1);
        const p99 = median(samples.oursP99);
        const perTunnelKb = (cpKb - cpBase) / size;
        rows.push(
          {
            metric: `write → snapshot at ${size} streams, p50`,
            ours: median(samples.oursP50),
            reference: median(refSamples.p50),
            unit: "ms",
            note: `ours ${spread(samples.oursP50)}; 50 ms debounce included`,
          },
          {
            metric: `write → snapshot at ${size} streams, p99`,
            ours: p99,
            reference: median(refSamples.p99),
            unit: "ms",
            note: `ours ${spread(samples.oursP99)}; payload ${payloadKb} KB; goal ≤ 1,000 ms at 10,000 and ≤ 2× raw${size === 10_000 ? (p99 <= 1000 ? " (met)" : " (NOT met)") : ""}`,
          },
          {
            metric: `write → every ACK recorded at ${size} streams`,
            ours: median(samples.oursAll),
            reference: median(refSamples.all),
            unit: "ms",
            note: "ours: applied_version in PostgreSQL; raw: ACKs counted in memory",
          },
          {
            metric: `memory per tunnel at ${size} streams (settled RSS delta / streams)`,
            ours: perTunnelKb,
            reference: (rawKb - rawBase) / size,
            unit: "KB",
            note: `goal ≤ 50 KB (${perTunnelKb <= 50 ? "met" : "NOT met"}); control plane ${Math.round(cpKb / 1024)} MB RSS (${Math.round(cpBase / 1024)} MB before the first stream)`,
          },
        );
        if (process.env.BENCH_DEBUG)
          for (const l of cp.logs.filter((x) => x.msg === "config pushed")) console.error(JSON.stringify(l));
        const failures = [...ours.failures, ...reference.failures];
        if (failures.length > 0) throw new Error(`streams failed: ${failures.slice(0, 3).join("; ")}`);
        console.error(formatTable([{ name: "propagation", rows: rows.slice(-4) }]));
      } catch (err) {
        // A size the machine cannot carry ends the series; the sizes before it still count.
        console.error(`[propagation] ${size} streams failed:`, err);
        rows.push({
          metric: `write → every ACK at ${size} streams`,
          ours: Number.NaN,
          reference: 0,
          unit: "ms",
          note: `NOT measured: ${(err as Error).message}`,
        });
        break;
      }
    }
    return { name: "propagation", rows: [...rows, ...(await idleFootprintRows())] };
  } finally {
    for (const f of fleets) f.close();
    raw?.child.kill("SIGKILL");
    await cp?.stop("SIGKILL");
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await run();
  console.log(formatTable([result]));
  process.exit(0);
}
