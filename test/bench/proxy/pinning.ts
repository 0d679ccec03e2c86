import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { has } from "./processes.ts";

/**
 * Where the benchmark's processes run (BENCHMARKS.md: pin load generator and servers to
 * separate cores). With two or more cores the measured servers (app, proxies, nginx,
 * the bare Node pair) share core 0 and the generator gets the last core, so every pair
 * is measured on one core and the generator's own queueing never lands in the figures.
 * `BENCH_PIN=0` turns it off (e.g. to show `--workers` using both cores).
 */
const enabled = process.env.BENCH_PIN !== "0" && availableParallelism() >= 2 && has("taskset");

export function generatorCpu(): number | undefined {
  return enabled ? availableParallelism() - 1 : undefined;
}

export function pinningNote(): string {
  return enabled
    ? `servers on cpu 0, load generator on cpu ${availableParallelism() - 1}`
    : "not pinned (one core, no taskset, or BENCH_PIN=0)";
}

/** Moves every thread of these processes onto the servers' core (no-op when not pinning). */
export function pinServers(pids: number[]): void {
  if (!enabled) return;
  for (const pid of pids) execFileSync("taskset", ["-a", "-p", "-c", "0", String(pid)], { stdio: "ignore" });
}
