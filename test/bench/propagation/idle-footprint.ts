/**
 * The `npm start` demo's control plane at idle (BENCHMARKS.md: ≤ 300 MB RSS): the real bin
 * (bundled, with the allocator settings, as infra/local starts it) on embedded PGlite, with
 * no DATABASE_URL. Measured twice,
 * because they differ: the first start (PGlite runs initdb in its WebAssembly memory, which
 * never shrinks) and a restart on the same data folder (what every later `npm start` is).
 * Run alone: `node --import tsx test/bench/propagation/idle-footprint.ts`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "@trellis/db/testing";
import { controlPlaneAllocatorEnv } from "@trellis/local/allocator";
import { startControlPlaneProcess } from "../../support/processes.ts";
import { type BenchRow, formatTable } from "../types.ts";
import { settledRssMb } from "./rss.ts";

const goalMb = 300;
async function idleOnce(dataDir: string): Promise<number> {
  const cp = await startControlPlaneProcess({
    port: await freePort(),
    tunnelPort: await freePort(),
    replicaId: "footprint",
    dataDir,
    readyTimeoutMs: 120_000,
    // As infra/local starts it.
    env: { ...controlPlaneAllocatorEnv },
  });
  try {
    return await settledRssMb(cp.pid);
  } finally {
    await cp.stop("SIGTERM");
  }
}

export async function idleFootprintRows(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "trellis-bench-footprint-"));
  try {
    const first = await idleOnce(dataDir);
    const again = await idleOnce(dataDir);
    const row = (metric: string, mb: number, note: string): BenchRow => ({
      metric,
      ours: Math.round(mb),
      reference: 0,
      unit: "MB",
      note: `goal ≤ ${goalMb} MB (${mb <= goalMb ? "met" : "NOT met"}); ${note}`,
    });
    return [
      row("demo control plane RSS at idle, first start", first, "PGlite initdb on a new data folder"),
      row("demo control plane RSS at idle, restart", again, "same data folder (every later npm start)"),
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(formatTable([{ name: "footprint", rows: await idleFootprintRows() }]));
  process.exit(0);
}
