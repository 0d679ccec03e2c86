import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/**
 * CPUs a cgroup lets us use: cgroup v2 `cpu.max` ("max 100000" or "<quota> <period>"),
 * else v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us` (-1 = no limit). Rounded up (a
 * 1.5-CPU limit gets 2 workers: the second one's share is still worth having).
 * Undefined when there is no limit.
 */
export function quotaFromCgroup(
  v2: string | undefined,
  v1?: { quota: string; period: string },
): number | undefined {
  if (v2 !== undefined) {
    const [quota, period] = v2.trim().split(/\s+/);
    if (quota === undefined || quota === "max") return undefined;
    return Math.max(1, Math.ceil(Number(quota) / Number(period ?? 100_000)));
  }
  if (v1) {
    const quota = Number(v1.quota.trim());
    const period = Number(v1.period.trim());
    if (!(quota > 0) || !(period > 0)) return undefined;
    return Math.max(1, Math.ceil(quota / period));
  }
  return undefined;
}

const read = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};

/**
 * The default `--workers`: the pod's CPU quota, never more than the CPUs there are. With
 * no quota (a VM, a laptop, a pod without a CPU limit) one: a sidecar beside its app must
 * not claim every core of a shared host; `--workers N` asks for more.
 */
export function defaultWorkers(): number {
  const v1quota = read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
  const v1period = read("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
  const quota = quotaFromCgroup(
    read("/sys/fs/cgroup/cpu.max"),
    v1quota !== undefined && v1period !== undefined ? { quota: v1quota, period: v1period } : undefined,
  );
  return Math.min(quota ?? 1, availableParallelism());
}
