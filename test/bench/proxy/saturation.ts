import type { LoadResult } from "./load.ts";
import { cpuMs, rssMb } from "./processes.ts";
import type { Target } from "./targets.ts";

export type Saturation = { load: LoadResult; cpuMsPerKReq: number; rssMb: number[] };

/**
 * Runs a saturating load against a target while reading its processes: CPU (utime +
 * stime) per 1,000 requests over the run, and each process's highest RSS, sampled
 * every 250 ms while the load runs (not after: memory under load is the figure).
 */
export async function measureSaturation(t: Target, load: () => Promise<LoadResult>): Promise<Saturation> {
  const pids = t.pids();
  const before = pids.map(cpuMs);
  const peak = pids.map(() => 0);
  const sample = () => {
    pids.forEach((pid, i) => {
      try {
        peak[i] = Math.max(peak[i]!, rssMb(pid));
      } catch {
        // a worker that exited
      }
    });
  };
  const timer = setInterval(sample, 250);
  try {
    const result = await load();
    sample();
    const cpu = pids.map(cpuMs).reduce((n, v, i) => n + v - before[i]!, 0);
    return {
      load: result,
      cpuMsPerKReq: result.requests ? (cpu / result.requests) * 1000 : Number.NaN,
      rssMb: peak,
    };
  } finally {
    clearInterval(timer);
  }
}
