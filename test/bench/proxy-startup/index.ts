/**
 * Start-up of the bundled trellis-proxy (issue 19 item 1): spawn → the `trellis-proxy
 * serving` line (admin and outbound listening, connector unreachable, no stored state),
 * and RSS after `BENCH_IDLE_SECONDS` (3) idle — interleaved, per round, with a bare
 * `node` printing one line (what the machine itself takes to start a Node process).
 * `BENCH_ROUNDS` (7). `node --import tsx test/bench/proxy-startup/index.ts`, or
 * `npm run bench -- proxy-startup`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../proxy/free-port.ts";
import { rssMb, start, waitForLine } from "../proxy/processes.ts";
import { median, spreads } from "../proxy/summary.ts";
import type { BenchResult } from "../types.ts";

const rounds = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 7));
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 3);
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const bin = join(repo, "proxy/sidecar/bin/trellis-proxy.mjs");

async function timeToLine(args: string[], line: RegExp, idle: boolean): Promise<{ ms: number; rss: number }> {
  const t0 = performance.now();
  const child = start(process.execPath, args, { cwd: repo });
  try {
    await waitForLine(child, line);
    const ms = performance.now() - t0;
    if (!idle) return { ms, rss: Number.NaN };
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    return { ms, rss: rssMb(child.proc.pid!) };
  } finally {
    await child.stop();
  }
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "trellis-bench-startup-"));
  // A connector address nothing listens on: the proxy serves from what it has.
  const unreachable = `127.0.0.1:${await freePort()}`;
  const proxy: number[] = [];
  const rss: number[] = [];
  const bare: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const state = join(dir, `round-${r}`);
      const p = await timeToLine(
        [
          bin,
          ...["--connector", unreachable, "--service", "bench", "--service-account", "bench"],
          ...["--admin", "127.0.0.1:0", "--outbound", "127.0.0.1:0", "--state-dir", state, "--workers", "1"],
        ],
        /"trellis-proxy serving"/,
        true,
      );
      const b = await timeToLine(["-e", "console.log('up')"], /up/, false);
      proxy.push(p.ms);
      rss.push(p.rss);
      bare.push(b.ms);
      console.log(
        `round ${r + 1}: trellis-proxy ${p.ms.toFixed(0)} ms, idle RSS ${p.rss.toFixed(0)} MB; bare node ${b.ms.toFixed(0)} ms`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    name: "proxy-startup",
    rows: [
      {
        metric: "start → serving vs a bare node",
        ours: median(proxy),
        reference: median(bare),
        unit: "ms",
        note: `${spreads({ ours: proxy, "bare node": bare }, 0)}; target ≤500 ms`,
      },
      {
        metric: `idle RSS after ${idleSeconds} s`,
        ours: median(rss),
        reference: Number.NaN,
        unit: "MB",
        note: spreads({ ours: rss }, 0),
      },
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  const { formatTable } = await import("../types.ts");
  console.log(formatTable([result]));
}
