import type { BenchRow } from "../types.ts";
import type { LoadResult } from "./load.ts";
import type { Saturation } from "./saturation.ts";
import { median, spreads } from "./summary.ts";
import type { TargetName } from "./targets.ts";

export type Sample = Saturation & { fixed: LoadResult };
type Samples = Record<TargetName, Sample[]>;

/**
 * The table rows, each: ours, the reference measured in the same rounds, their ratio
 * (by the table) and min–max of both in the note, with issue 19's target. Added
 * latency is taken per round (target p99 minus direct p99 in that round), then the
 * median of the rounds.
 */
export function proxyRows(s: Samples, fixedRps: number): BenchRow[] {
  const of = (name: TargetName, f: (x: Sample) => number) => (s[name] ?? []).map(f);
  const rps = (x: Sample) => x.load.rps;
  const cpu = (x: Sample) => x.cpuMsPerKReq;
  const added = (name: TargetName, f: (x: LoadResult) => number) =>
    (s[name] ?? []).map((x, i) => f(x.fixed) - f(s.direct[i]!.fixed));
  const row = (
    metric: string,
    ours: number[],
    ref: number[],
    refName: string,
    unit: string,
    target: string,
    digits = 0,
  ): BenchRow => ({
    metric,
    ours: median(ours),
    reference: median(ref),
    unit,
    note: `${spreads({ ours, [refName]: ref }, digits)}${target ? `; target ${target}` : ""}`,
  });
  const rss = (name: TargetName) => of(name, (x) => Math.max(...x.rssMb));
  const failed = (name: TargetName) =>
    of(name, (x) => x.load.errors + x.fixed.errors).reduce((a, b) => a + b, 0);
  const rows: BenchRow[] = [
    row("pair throughput vs nginx pair", of("ours", rps), of("nginx", rps), "nginx", "req/s", "≥0.45×"),
    row("pair throughput vs bare Node pair", of("ours", rps), of("bare", rps), "bare", "req/s", "≥1.15×"),
    row("pair throughput vs direct", of("ours", rps), of("direct", rps), "direct", "req/s", ""),
    row("CPU per 1k requests vs nginx", of("ours", cpu), of("nginx", cpu), "nginx", "ms", "≤3×"),
    row("CPU per 1k requests vs bare Node", of("ours", cpu), of("bare", cpu), "bare", "ms", ""),
    row(
      `added p50 at ${fixedRps} rps vs nginx's`,
      added("ours", (l) => l.p50Ms),
      added("nginx", (l) => l.p50Ms),
      "nginx",
      "ms",
      "",
      2,
    ),
    row(
      `added p99 at ${fixedRps} rps vs nginx's`,
      added("ours", (l) => l.p99Ms),
      added("nginx", (l) => l.p99Ms),
      "nginx",
      "ms",
      `≤2×; direct p99 ${median(of("direct", (x) => x.fixed.p99Ms)).toFixed(2)} ms`,
      2,
    ),
    row("RSS per proxy under load (max)", rss("ours"), rss("nginx"), "nginx worker", "MB", "≤80 MB"),
    // Inbound L4 pass-through: the server proxy pipes bytes after the mTLS handshake.
    row(
      "L4 pass-through: throughput vs nginx",
      of("ours-l4", rps),
      of("nginx", rps),
      "nginx",
      "req/s",
      "≥0.45×",
    ),
    row("L4 pass-through: throughput vs L7", of("ours-l4", rps), of("ours", rps), "L7", "req/s", ""),
    row("L4 pass-through: CPU per 1k vs nginx", of("ours-l4", cpu), of("nginx", cpu), "nginx", "ms", "≤3×"),
    row(
      `L4 pass-through: added p99 at ${fixedRps} rps`,
      added("ours-l4", (l) => l.p99Ms),
      added("nginx", (l) => l.p99Ms),
      "nginx",
      "ms",
      "≤2×",
      2,
    ),
    // The server proxy is the one piping (pids: client proxy first, then server).
    row(
      "L4 pass-through: RSS of the piping proxy",
      of("ours-l4", (x) => x.rssMb[1] ?? Number.NaN),
      rss("nginx"),
      "nginx worker",
      "MB",
      "≤64 MB",
    ),
  ];
  const failures = (Object.keys(s) as TargetName[]).filter((n) => failed(n) > 0);
  if (failures.length > 0)
    rows.push({
      metric: "failed requests (all rounds)",
      ours: failed("ours"),
      reference: failed("nginx"),
      unit: "req",
      note: failures.map((n) => `${n} ${failed(n)}`).join(", "),
    });
  rows.push(
    row("throughput vs the baseline build", of("ours", rps), of("baseline", rps), "baseline", "req/s", ""),
    row(
      "CPU per 1k requests vs the baseline build",
      of("ours", cpu),
      of("baseline", cpu),
      "baseline",
      "ms",
      "",
    ),
    row(
      `p99 at ${fixedRps} rps vs the baseline build`,
      of("ours", (x) => x.fixed.p99Ms),
      of("baseline", (x) => x.fixed.p99Ms),
      "baseline",
      "ms",
      "",
      2,
    ),
  );
  // --workers N against --workers 1, both unpinned (the same cores on offer). The pair's two
  // single-process proxies already occupy both cores; one proxy alone shows what a second
  // worker adds — behind an nginx front (mTLS and the app), and answering a route itself
  // under pipelined wrk (the generator's share made small).
  const scaling: [string, TargetName, TargetName][] = [
    ["pair", "ours-workers", "ours-unpinned"],
    ["one inbound proxy", "inbound-workers", "inbound-unpinned"],
    ["one proxy answering itself", "local-workers", "local-unpinned"],
  ];
  for (const [what, n, one] of scaling)
    rows.push(
      row(`${what}: throughput --workers N vs 1`, of(n, rps), of(one, rps), "workers=1", "req/s", ""),
      row(`${what}: CPU per 1k --workers N vs 1`, of(n, cpu), of(one, cpu), "workers=1", "ms", ""),
    );
  // Rows of targets left out of the run (BENCH_ONLY) have nothing to say.
  return rows.filter((r) => Number.isFinite(r.ours) && Number.isFinite(r.reference));
}
