/**
 * Config propagation (issue 3 item 8, BENCHMARKS.md "config change → ACK from 1,000
 * proxies"): N simulated connector streams on one control-plane process; an API write →
 * the snapshot at every stream (p50/p99) → every ACK recorded in PostgreSQL; and memory
 * per connected tunnel (RSS). Reference: a bare grpc-js server (child process) writing
 * the same payload bytes to the same number of streams and counting the ACKs.
 * Rounds interleave ours / reference; medians are reported.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { signedUpClient } from "@trellis/control-plane/testing";
import { schema } from "@trellis/db";
import { createTestDatabase, freePort } from "@trellis/db/testing";
import { tunnelMetadata } from "@trellis/protocol/tunnel";
import { and, count, eq, gte } from "drizzle-orm";
import { type ControlPlaneProc, startControlPlaneProcess } from "../../support/processes.ts";
import { type BenchResult, formatTable } from "../types.ts";
import { ClientFleet } from "./clients.ts";

const tunnels = Number(process.env.BENCH_TUNNELS ?? 1000);
const rounds = 3;
const here = fileURLToPath(new URL(".", import.meta.url));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(fn: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
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

export async function run(): Promise<BenchResult> {
  const db = await createTestDatabase();
  if (!db.url) throw new Error("the propagation benchmark needs PostgreSQL (initdb/pg_ctl or DATABASE_URL)");
  const dir = mkdtempSync(join(tmpdir(), "trellis-bench-prop-"));
  let cp: ControlPlaneProc | null = null;
  let raw: Awaited<ReturnType<typeof startRawServer>> | null = null;
  const fleets: ClientFleet[] = [];
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
    const credentials = Array.from({ length: tunnels }, (_, i) => `trl_cc_bench_${i}_${mesh.id}`);
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
    const appliedCount = async (v: number) => {
      const c = schema.clusters;
      const [row] = await db.db
        .select({ n: count() })
        .from(c)
        .where(and(eq(c.meshId, mesh.id), gte(c.appliedVersion, v)));
      return row!.n;
    };

    // Memory: RSS before and after the streams connect and settle.
    raw = await startRawServer();
    await sleep(500);
    const cpBefore = rssKb(cp.pid);
    const ours = new ClientFleet(
      new URL(cp.tunnelUrl).host,
      (i) => {
        const md = new grpc.Metadata();
        md.set(tunnelMetadata.authorization, `Bearer ${credentials[i]}`);
        return md;
      },
      tunnels,
    );
    fleets.push(ours);
    await until(() => ours.welcomed === tunnels, "every stream welcomed");
    await until(async () => (await appliedCount(1)) === tunnels, "the initial snapshot acked everywhere");
    await sleep(1000);
    const cpAfter = rssKb(cp.pid);
    const rawBefore = rssKb(raw.child.pid!);
    const reference = new ClientFleet(`127.0.0.1:${raw.port}`, () => new grpc.Metadata(), tunnels);
    fleets.push(reference);
    await until(() => reference.welcomed === tunnels, "every raw stream welcomed");
    await sleep(1000);
    const rawAfter = rssKb(raw.child.pid!);

    const samples = { oursP50: [] as number[], oursP99: [] as number[], oursAll: [] as number[] };
    const refSamples = { p50: [] as number[], p99: [] as number[], all: [] as number[] };
    let version = 1;
    const payloadFile = join(dir, "payload.json");
    for (let r = 0; r < rounds; r++) {
      version++;
      const round = ours.expect(version);
      const put = await owner.put("/v1/meshes/bench/resources/HTTPRoute/web", {
        spec: { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: `web-v${version}` }] }] },
      });
      if (put.status >= 300) throw new Error(`PUT failed: ${put.status}`);
      await round.done;
      await until(async () => (await appliedCount(version)) === tunnels, "every ACK recorded");
      samples.oursAll.push(performance.now() - round.startedAt);
      samples.oursP50.push(pct(round.latenciesMs, 0.5));
      samples.oursP99.push(pct(round.latenciesMs, 0.99));

      writeFileSync(payloadFile, ours.lastPayload!);
      const refRound = reference.expect(version);
      const acked = raw.acked(version);
      raw.child.stdin!.write(`push ${version} ${payloadFile}\n`);
      await refRound.done;
      refSamples.all.push((await acked) - refRound.startedAt);
      refSamples.p50.push(pct(refRound.latenciesMs, 0.5));
      refSamples.p99.push(pct(refRound.latenciesMs, 0.99));
      await sleep(300);
    }
    if (process.env.BENCH_DEBUG)
      for (const l of cp.logs.filter((x) => x.msg === "config pushed")) console.error(JSON.stringify(l));
    const failures = [...ours.failures, ...reference.failures];
    if (failures.length > 0) throw new Error(`streams failed: ${failures.slice(0, 3).join("; ")}`);
    const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;
    const payloadKb = (ours.lastPayload!.length / 1024).toFixed(1);
    return {
      name: "propagation",
      rows: [
        {
          metric: `write → snapshot at ${tunnels} streams, p50`,
          ours: median(samples.oursP50),
          reference: median(refSamples.p50),
          unit: "ms",
          note: `ours ${spread(samples.oursP50)}; 50 ms debounce included`,
        },
        {
          metric: `write → snapshot at ${tunnels} streams, p99`,
          ours: median(samples.oursP99),
          reference: median(refSamples.p99),
          unit: "ms",
          note: `ours ${spread(samples.oursP99)}; payload ${payloadKb} KB`,
        },
        {
          metric: "write → every ACK recorded",
          ours: median(samples.oursAll),
          reference: median(refSamples.all),
          unit: "ms",
          note: "ours: applied_version in PostgreSQL; raw: ACKs counted in memory",
        },
        {
          metric: "memory per connected tunnel (RSS)",
          ours: (cpAfter - cpBefore) / tunnels,
          reference: (rawAfter - rawBefore) / tunnels,
          unit: "KB",
          note: `control plane ${Math.round(cpAfter / 1024)} MB RSS with ${tunnels} tunnels`,
        },
      ],
    };
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
