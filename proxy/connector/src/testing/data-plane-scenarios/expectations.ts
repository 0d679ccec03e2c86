import type { Expectation, ScenarioWorld, ServerName } from "./world.ts";

/** The outcome of one call, however the data plane under test made it. */
export type CallResult = {
  ok: boolean;
  /** gRPC status code. */
  code: number;
  details?: string;
  /** The Echo server that answered. */
  server?: string;
  /** The caller identity the server saw (its TLS peer, or a sidecar's x-trellis-client-identity). */
  peerIdentity?: string | null;
  elapsedMs: number;
};

const codes = {
  OK: 0,
  DEADLINE_EXCEEDED: 4,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
} as const;

/** What does not hold, in words (empty: the expectation is met). */
export function unmet(results: CallResult[], e: Expectation, world: ScenarioWorld): string[] {
  const out: string[] = [];
  const summary = () => JSON.stringify(tally(results));
  if (e.status !== undefined && !results.every((r) => r.code === codes[e.status!]))
    out.push(`expected every call to end ${e.status}, got ${summary()}`);
  for (const [name, [min, max]] of Object.entries(e.servedBy ?? {}) as [ServerName, [number, number]][]) {
    const share = results.filter((r) => r.ok && r.server === name).length / results.length;
    if (share < min || share > max)
      out.push(`expected ${name} to serve ${min}–${max} of calls, got ${share.toFixed(2)} (${summary()})`);
  }
  if (e.peerIsClient) {
    const wrong = results.filter((r) => r.ok && r.peerIdentity !== world.clientIdentity);
    if (wrong.length > 0 || !results.some((r) => r.ok))
      out.push(
        `expected the server to see ${world.clientIdentity}, saw ${JSON.stringify(wrong[0]?.peerIdentity ?? null)}`,
      );
  }
  if (e.minElapsedMs !== undefined && results.some((r) => r.elapsedMs < e.minElapsedMs!))
    out.push(
      `expected every call to take ≥ ${e.minElapsedMs} ms, fastest ${Math.min(...results.map((r) => r.elapsedMs))} ms`,
    );
  return out;
}

function tally(results: CallResult[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const r of results) {
    const key = r.ok ? `OK@${r.server}` : `${r.code}:${r.details ?? ""}`.slice(0, 80);
    t[key] = (t[key] ?? 0) + 1;
  }
  return t;
}
