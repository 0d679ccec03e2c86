import type { GoldenStats } from "@trellis/sdk";

// Formatting of the golden metrics (`MeshMetrics`, `ServiceGraph` of @trellis/protocol/api)
// that `stat` and `top` print.

/** `90.00%`, or `-` without requests. */
export function formatSuccess(s: GoldenStats): string {
  return s.requests === 0 || s.successRate === null ? "-" : `${(s.successRate * 100).toFixed(2)}%`;
}

/** `3.00rps` with two decimals (small rates matter), `-` without requests. */
export function formatRps(s: GoldenStats): string {
  return s.requests === 0 ? "-" : `${s.rps.toFixed(2)}rps`;
}

/** `99.25ms`: at most two decimals, trailing zeros dropped; `-` when unknown. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return "-";
  return `${Number(ms.toFixed(2))}ms`;
}

/** The five stat columns of one row: SUCCESS RPS LATENCY_P50 LATENCY_P95 LATENCY_P99. */
export function statCells(s: GoldenStats): string[] {
  return [
    formatSuccess(s),
    formatRps(s),
    formatLatency(s.latencyMsP50),
    formatLatency(s.latencyMsP95),
    formatLatency(s.latencyMsP99),
  ];
}

export const statHeaders = ["SUCCESS", "RPS", "LATENCY_P50", "LATENCY_P95", "LATENCY_P99"];

/** Whether a graph node id (`namespace/name`) is the service asked for (any namespace when none given). */
export function isService(id: string, service: string, namespace: string | undefined): boolean {
  if (namespace) return id === `${namespace}/${service}`;
  return id.slice(id.indexOf("/") + 1) === service;
}

/** Busiest first, then by name: the order of `top`. Pure. */
export function byRps<T extends GoldenStats & { id: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.rps - a.rps || b.requests - a.requests || a.id.localeCompare(b.id));
}
