import { execFile } from "node:child_process";
import { Agent, request } from "node:http";
import { promisify } from "node:util";

const run = promisify(execFile);

export type LoadResult = { rps: number; p50Ms: number; p99Ms: number; requests: number; errors: number };

/** Saturation: wrk with a fixed number of keep-alive connections. */
export async function wrk(
  port: number,
  host: string,
  seconds: number,
  connections = 32,
): Promise<LoadResult> {
  const { stdout } = await run("wrk", [
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    "--latency",
    "-H",
    `Host: ${host}`,
    `http://127.0.0.1:${port}/`,
  ]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const errors = non2xx + (socketErrors ? socketErrors.slice(1).reduce((n, v) => n + Number(v), 0) : 0);
  return { rps, requests, errors, p50Ms: percentile(stdout, "50%"), p99Ms: percentile(stdout, "99%") };
}

function percentile(out: string, label: string): number {
  const m = new RegExp(`^\\s+${label}\\s+([\\d.]+)(us|ms|s)`, "m").exec(out);
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
}

/**
 * Open-loop load at a fixed rate (wrk has no fixed-rate mode): requests are sent on
 * schedule whether or not earlier ones finished, so queueing shows up in the latency.
 */
export async function fixedRate(
  port: number,
  host: string,
  rps: number,
  seconds: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const total = rps * seconds;
  const start = performance.now();
  const inflight = new Set<Promise<void>>();
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request({ host: "127.0.0.1", port, path: "/", agent, headers: { host } }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else errors++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end();
    });
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rps));
    while (sent < due) {
      sent++;
      const p = one();
      inflight.add(p);
      void p.then(() => inflight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 1)); // not setImmediate: a spinning loop would steal a core
  }
  await Promise.all(inflight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    rps: latencies.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    requests: latencies.length,
    errors,
  };
}
