import { readFileSync } from "node:fs";

/** A process's resident set size now, in MB. */
export const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

/**
 * RSS once it has settled: six samples 500 ms apart within 2 MB of each other (30 s at
 * most). Right after work a process still holds that work's garbage; settled is what it
 * keeps.
 */
export async function settledRssMb(pid: number): Promise<number> {
  const samples: number[] = [];
  const deadline = Date.now() + 30_000;
  for (;;) {
    samples.push(rssMb(pid));
    const last = samples.slice(-6);
    if ((last.length === 6 && Math.max(...last) - Math.min(...last) < 2) || Date.now() > deadline)
      return last.at(-1)!;
    await new Promise((r) => setTimeout(r, 500));
  }
}
