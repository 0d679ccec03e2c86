/** What the static-stability figure is computed from (the proxies and clusters of a mesh). */
export interface StabilityInput {
  nowMs: number;
  proxies: readonly { cluster: string; name: string; certNotAfter: string | null; gone?: boolean }[];
  clusters: readonly { name: string; appliedVersion: number | null; revoked?: boolean }[];
}

export interface ClusterStability {
  cluster: string;
  /** How long this cluster keeps serving without Trellis; null: unknown (no cert reported). */
  survivesMs: number | null;
  reason: string;
}

export interface Stability {
  /** The mesh as a whole: the weakest cluster; null when nothing is known yet. */
  survivesMs: number | null;
  limitedBy: string;
  clusters: ClusterStability[];
}

/**
 * How long the mesh keeps working if Trellis is unreachable (DESIGN §3 "Resilience").
 * Connectors keep their last-known-good config on disk for ever, so config never runs out;
 * what runs out is workload certificates (no new ones can be issued), so each cluster
 * lasts until its earliest proxy certificate expires. A cluster whose connector never
 * applied a config has nothing to fall back on: zero. Pure.
 */
export function staticStability(input: StabilityInput): Stability {
  const clusters: ClusterStability[] = input.clusters
    .filter((c) => !c.revoked)
    .map((c) => {
      if (c.appliedVersion === null)
        return { cluster: c.name, survivesMs: 0, reason: "no last-known-good config yet (never synced)" };
      const expiries = input.proxies
        .filter((p) => p.cluster === c.name && !p.gone && p.certNotAfter)
        .map((p) => ({ name: p.name, ms: Date.parse(p.certNotAfter!) - input.nowMs }))
        .filter((e) => Number.isFinite(e.ms))
        .sort((a, b) => a.ms - b.ms);
      const first = expiries[0];
      if (!first)
        return {
          cluster: c.name,
          survivesMs: null,
          reason: "config cached; no proxy certificate reported yet",
        };
      return {
        cluster: c.name,
        survivesMs: Math.max(0, first.ms),
        reason: `earliest certificate expiry: proxy ${first.name}`,
      };
    });
  const known = clusters.filter((c) => c.survivesMs !== null).sort((a, b) => a.survivesMs! - b.survivesMs!);
  const weakest = known[0];
  if (!weakest) return { survivesMs: null, limitedBy: "no cluster has reported proxies yet", clusters };
  return {
    survivesMs: weakest.survivesMs,
    limitedBy: `cluster ${weakest.cluster}: ${weakest.reason}`,
    clusters,
  };
}
