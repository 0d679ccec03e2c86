import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generatorCpu } from "./pinning.ts";

const run = promisify(execFile);

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

/** Saturation: wrk with a fixed number of keep-alive connections (closed loop: throughput only). */
export async function wrk(
  port: number,
  host: string,
  seconds: number,
  connections = 32,
): Promise<LoadResult> {
  const [cmd, args] = pinned("wrk", [
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    "--latency",
    "-H",
    `Host: ${host}`,
    `http://127.0.0.1:${port}/`,
  ]);
  const { stdout } = await run(cmd, args);
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
 * schedule does not bend to the server (no coordinated omission). Latencies come from
 * h2load's per-request log (time from send to the end of the response).
 */
export async function fixedRate(
  port: number,
  host: string,
  rps: number,
  seconds: number,
  clients = 100,
): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), "trellis-h2load-"));
  const log = join(dir, "requests.tsv");
  try {
    const [cmd, args] = pinned("h2load", [
      "--h1",
      `-c${clients}`,
      "-m1",
      `--rps=${rps / clients}`,
      `-D${seconds}`,
      "--warm-up-time=1",
      `--log-file=${log}`,
      "-H",
      `:authority: ${host}`, // h2load's Host header (a plain "host:" is ignored)
      `http://127.0.0.1:${port}/`,
    ]);
    const { stdout } = await run(cmd, args, { maxBuffer: 16 * 2 ** 20 });
    const failed = Number(/(\d+) failed/.exec(stdout)?.[1] ?? 0);
    const errored = Number(/(\d+) errored/.exec(stdout)?.[1] ?? 0);
    const latencies: number[] = [];
    let non2xx = 0;
    const kinds = new Map<string, number>();
    for (const line of readFileSync(log, "utf8").split("\n")) {
      if (!line) continue;
      const [, status, micros] = line.split("\t");
      if (status === "200") latencies.push(Number(micros) / 1000);
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
