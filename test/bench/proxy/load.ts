import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generatorCpu } from "./pinning.ts";

const run = promisify(execFile);
const warmUpSeconds = 1;

export type LoadResult = {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  /** What the errors were (status codes, socket errors), for the log. */
  errorKinds?: string;
};

/** The load generator runs on its own core when there is one (`taskset -c <cpu>`). */
function pinned(cmd: string, args: string[]): [string, string[]] {
  const cpu = generatorCpu();
  return cpu === undefined ? [cmd, args] : ["taskset", ["-c", String(cpu), cmd, ...args]];
}

/**
 * Saturation: wrk with a fixed number of keep-alive connections (closed loop: throughput
 * only). `pipeline` > 1 sends that many requests per write on each connection (a Lua
 * script), which makes the generator's own cost per request several times smaller: for
 * targets so cheap that wrk, not they, would otherwise fill the machine.
 */
export async function wrk(
  port: number,
  host: string,
  seconds: number,
  opts: { connections?: number; path?: string; pipeline?: number } = {},
): Promise<LoadResult> {
  const { connections = 32, path = "/", pipeline = 1 } = opts;
  const script = pipeline > 1 ? pipelineScript(path, pipeline) : undefined;
  const [cmd, args] = pinned("wrk", [
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    "--latency",
    "-H",
    `Host: ${host}`,
    ...(script ? ["-s", script.file] : []),
    `http://127.0.0.1:${port}${path}`,
  ]);
  const { stdout } = await run(cmd, args).finally(() => script?.remove());
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const errors = non2xx + (socketErrors ? socketErrors.slice(1).reduce((n, v) => n + Number(v), 0) : 0);
  const errorKinds = errors
    ? `wrk: ${non2xx} non-2xx, socket errors ${socketErrors?.slice(1).join("/") ?? "0"}`
    : "";
  return {
    rps,
    requests,
    errors,
    errorKinds,
    p50Ms: percentile(stdout, "50%"),
    p99Ms: percentile(stdout, "99%"),
  };
}

/** A wrk script sending `depth` requests for `path` in each write (wrk's pipelining example). */
function pipelineScript(path: string, depth: number): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "trellis-wrk-"));
  const file = join(dir, "pipeline.lua");
  writeFileSync(
    file,
    `init = function(args)
  local r = {}
  for i = 1, ${depth} do r[i] = wrk.format(nil, ${JSON.stringify(path)}) end
  req = table.concat(r)
end
request = function() return req end
`,
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function percentile(out: string, label: string): number {
  const m = new RegExp(`^\\s+${label}\\s+([\\d.]+)(us|ms|s)`, "m").exec(out);
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
}

/**
 * Open-loop load at a fixed rate from an external generator: h2load (HTTP/1.1, no
 * pipelining) with `clients` connections each sending `rps / clients` requests per
 * second on its own schedule. With 100 connections at 10 rps each a connection only
 * holds a request back when the one before it took over 100 ms, so below that the
 * schedule does not bend to the server (no coordinated omission). The connections are
 * opened one per millisecond (`-r 1 --rate-period 1ms`): each connection's schedule starts
 * when it connects, so opened together they would all send in the same millisecond —
 * bursts of 100 every 100 ms, whose queueing is not the latency of 1,000 rps. Latencies
 * come from h2load's per-request log (time from send to the end of the response);
 * requests sent in the first second are left out (warm-up).
 */
export async function fixedRate(
  port: number,
  host: string,
  rps: number,
  seconds: number,
  opts: { clients?: number; path?: string } = {},
): Promise<LoadResult> {
  const { clients = 100, path = "/" } = opts;
  const dir = mkdtempSync(join(tmpdir(), "trellis-h2load-"));
  const log = join(dir, "requests.tsv");
  try {
    const [cmd, args] = pinned("h2load", [
      "--h1",
      `-c${clients}`,
      "-m1",
      `--rps=${rps / clients}`,
      // -r and -D exclude each other: the run's length is its request count.
      `-n${rps * (seconds + warmUpSeconds)}`,
      "-r1",
      "--rate-period=1ms",
      `--log-file=${log}`,
      "-H",
      `:authority: ${host}`, // h2load's Host header (a plain "host:" is ignored)
      `http://127.0.0.1:${port}${path}`,
    ]);
    // A run is a request count, not a duration: a target too slow to keep the rate is cut off.
    const { stdout } = await run(cmd, args, {
      maxBuffer: 16 * 2 ** 20,
      timeout: (seconds + warmUpSeconds) * 3_000 + 30_000,
    });
    const failed = Number(/(\d+) failed/.exec(stdout)?.[1] ?? 0);
    const errored = Number(/(\d+) errored/.exec(stdout)?.[1] ?? 0);
    const latencies: number[] = [];
    let non2xx = 0;
    const kinds = new Map<string, number>();
    // Each line: start (µs since the epoch), status, duration (µs).
    const lines = readFileSync(log, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t"));
    const measuredFrom = lines.reduce((t, l) => Math.min(t, Number(l[0])), Infinity) + warmUpSeconds * 1e6;
    for (const [start, status, micros] of lines) {
      if (Number(start) < measuredFrom) continue;
      // A redirect is an answer too (the `localRoute` targets), as wrk counts it.
      if (status?.startsWith("2") || status?.startsWith("3")) latencies.push(Number(micros) / 1000);
      else {
        non2xx++;
        kinds.set(`status ${status}`, (kinds.get(`status ${status}`) ?? 0) + 1);
      }
    }
    if (failed + errored > 0) kinds.set(`h2load: ${failed} failed, ${errored} errored`, 1);
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
    return {
      rps: latencies.length / seconds,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      requests: latencies.length,
      errors: failed + errored + non2xx,
      errorKinds: [...kinds.keys()]
        .map((k) => (k.startsWith("status") ? `${k} ×${kinds.get(k)}` : k))
        .join(", "),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
