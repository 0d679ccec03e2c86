/**
 * The proxy pair against a direct connection, an nginx mTLS pair and a bare Node mTLS
 * pipe pair, side by side in one run (BENCHMARKS.md). Per round, interleaved: throughput,
 * CPU per request and RSS under saturation (wrk, 32 keep-alive connections, closed
 * loop), then latency at a fixed 1,000 rps from an external open-loop generator
 * (h2load, 100 connections × 10 rps). Servers share core 0, the generator has core 1.
 * Every row prints ours, the reference, the ratio of medians and min–max of the rounds.
 * Our pair is also measured with inbound L4 pass-through (`ours-l4`).
 * `BENCH_ROUNDS` (3), `BENCH_SECONDS` (10; `BENCH_QUICK=1` → 3), `BENCH_WORKERS=n` adds
 * the scaling targets (`--workers n` against `--workers 1`, unpinned: pairs, and each
 * proxy alone), `BENCH_BASELINE_BIN=<copy of dist>/trellis-proxy.mjs` a pair of an older
 * build (before/after a hot-path change, in the same rounds), `BENCH_ONLY=a,b` only those
 * targets. Runnable alone: `node --import tsx test/bench/proxy/index.ts`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeConnector, TestCa } from "@trellis/proxy/testing/fake-connector";
import type { BenchResult } from "../types.ts";
import { fixedRate, wrk } from "./load.ts";
import { pinningNote, pinServers } from "./pinning.ts";
import { type Child, has } from "./processes.ts";
import { proxyRows, type Sample } from "./rows.ts";
import { measureSaturation } from "./saturation.ts";
import { host, trustDomain } from "./snapshot.ts";
import { startTargets, type TargetName } from "./targets.ts";

const quick = process.env.BENCH_QUICK === "1";
const rounds = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 10));
const workers = Number(process.env.BENCH_WORKERS ?? 0);
/** A copy of the proxy's dist/ from before a change: measured in the same rounds as "baseline". */
const baselineBin = process.env.BENCH_BASELINE_BIN;
const fixedRps = 1000;
const repo = fileURLToPath(new URL("../../..", import.meta.url));

/** wrk, h2load (nghttp2-client) and nginx; installed with apt-get when missing. */
function ensureTools(): void {
  const tools = { wrk: "wrk", h2load: "nghttp2-client", nginx: "nginx" };
  const missing = Object.entries(tools).filter(([cmd]) => !has(cmd));
  if (missing.length === 0) return;
  const pkgs = missing.map(([, pkg]) => pkg).join(" ");
  console.log(`installing ${pkgs} (apt-get)…`);
  try {
    execFileSync(
      "sh",
      ["-c", `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs}`],
      { stdio: "inherit", timeout: 300_000 },
    );
  } catch {
    // reported below
  }
  const still = Object.keys(tools).filter((cmd) => !has(cmd));
  if (still.length > 0)
    throw new Error(`the proxy benchmark needs ${still.join(", ")}: apt-get install -y ${pkgs}`);
}

export async function run(): Promise<BenchResult> {
  ensureTools();
  const dir = mkdtempSync(join(tmpdir(), "trellis-bench-proxy-"));
  const started: Child[] = [];
  const ca = await TestCa.create(trustDomain);
  const connector = await FakeConnector.start({ ca });
  let stopTargets = async () => {};
  try {
    const { targets, appPid, stop } = await startTargets({
      repo,
      dir,
      ca,
      connector,
      started,
      workers: workers > 0 ? workers : undefined,
      baselineBin,
    });
    stopTargets = stop;
    // BENCH_ONLY=ours,baseline narrows the rounds (direct is always measured: latency is added to it).
    const only = process.env.BENCH_ONLY?.split(",");
    if (only)
      targets.splice(
        0,
        targets.length,
        ...targets.filter((t) => t.name === "direct" || only.includes(t.name)),
      );
    // Pinned after start-up: trellis-proxy workers are forked by then (taskset -a: all threads).
    // The --workers scaling pairs are left free to use both cores: showing that is their point.
    pinServers([appPid, ...targets.filter((t) => t.pinned).flatMap((t) => t.pids())]);
    console.log(`proxy bench: ${rounds} rounds × ${seconds} s; ${pinningNote()}`);
    // Warm up: JIT, pools, TLS sessions.
    for (const t of targets) await wrk(t.port, host, 1, { path: t.path, pipeline: t.pipeline });
    const samples = Object.fromEntries(targets.map((t) => [t.name, [] as Sample[]])) as Record<
      TargetName,
      Sample[]
    >;
    for (let r = 0; r < rounds; r++) {
      for (const t of targets) {
        const sat = await measureSaturation(t, () =>
          wrk(t.port, host, seconds, { path: t.path, pipeline: t.pipeline }),
        );
        const fixed = await fixedRate(t.port, host, fixedRps, seconds, { path: t.path });
        const s: Sample = { ...sat, fixed };
        // A failed request is a finding, not noise: printed, counted in the table, and
        // fatal past 1 % (a pair that fails requests is not being measured).
        const failed = sat.load.errors + fixed.errors;
        if (failed > 0)
          console.log(
            `round ${r + 1} ${t.name}: ${failed} failed — ${sat.load.errorKinds} ${fixed.errorKinds}`,
          );
        if (failed > 0.01 * (sat.load.requests + fixed.requests))
          throw new Error(`${t.name}: ${failed} failed requests`);
        samples[t.name].push(s);
        console.log(
          `round ${r + 1} ${t.name.padEnd(12)} ${s.load.rps.toFixed(0)} rps; ` +
            `@${fixedRps} p50 ${fixed.p50Ms.toFixed(2)} p99 ${fixed.p99Ms.toFixed(2)} ms; ` +
            `cpu ${s.cpuMsPerKReq.toFixed(1)} ms/1k req; rss ${s.rssMb.map((m) => m.toFixed(0)).join("/")} MB`,
        );
      }
    }
    return { name: "proxy", rows: proxyRows(samples, fixedRps) };
  } finally {
    for (const c of started.reverse()) await c.stop();
    await connector.stop();
    await stopTargets();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  const { formatTable } = await import("../types.ts");
  console.log(formatTable([result]));
}
