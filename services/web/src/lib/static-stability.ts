/** What the static-stability figure is computed from (the clusters and proxies of a mesh). */
export interface StabilityInput {
  nowMs: number;
  clusters: readonly {
    name: string;
    /** The config version the connector acknowledged: its last-known-good state on disk. */
    appliedVersion: number | null;
    desiredVersion?: number;
    connected?: boolean;
    revoked?: boolean;
  }[];
  proxies: readonly { cluster: string; name: string; certNotAfter: string | null; gone?: boolean }[];
}

export interface ClusterStability {
  cluster: string;
  /** How long this cluster keeps serving without Trellis; null: unknown or nothing to serve. */
  survivesMs: number | null;
  /** The last-known-good config version its connector serves from disk (null: none). */
  configVersion: number | null;
  /** The proxy whose certificate expires first, and when. */
  earliest: { proxy: string; notAfter: string } | null;
  reason: string;
}

export interface Stability {
  /** The mesh as a whole: the weakest cluster; null when nothing is known yet. */
  survivesMs: number | null;
  /** When that is, as an instant (ISO 8601), or null. */
  untilIso: string | null;
  limitedBy: string;
  clusters: ClusterStability[];
}

/**
 * How long the mesh keeps working if Trellis became unreachable now (DESIGN §3
 * "Resilience"). Config never runs out: a connector serves the last config it acknowledged
 * from disk, across restarts, for as long as it must. What runs out is certificates: no
 * new ones can be issued, so a cluster lasts until its earliest live proxy certificate
 * expires. A cluster whose connector never acknowledged a config but has proxies has
 * nothing to fall back on (zero); one with no proxies and no config serves nothing yet and
 * does not count. The mesh lasts as long as its weakest cluster. Pure.
 */
export function staticStability(input: StabilityInput): Stability {
  const clusters = input.clusters.filter((c) => !c.revoked).map((c) => clusterStability(c, input));
  const known = clusters.filter((c) => c.survivesMs !== null).sort((a, b) => a.survivesMs! - b.survivesMs!);
  const weakest = known[0];
  if (!weakest)
    return {
      survivesMs: null,
      untilIso: null,
      limitedBy: clusters.length === 0 ? "no cluster yet" : "no proxy has reported a certificate yet",
      clusters,
    };
  return {
    survivesMs: weakest.survivesMs,
    untilIso: new Date(input.nowMs + weakest.survivesMs!).toISOString(),
    limitedBy: `cluster ${weakest.cluster}: ${weakest.reason}`,
    clusters,
  };
}

function clusterStability(c: StabilityInput["clusters"][number], input: StabilityInput): ClusterStability {
  const expiries = input.proxies
    .filter((p) => p.cluster === c.name && !p.gone && p.certNotAfter)
    .map((p) => ({ proxy: p.name, notAfter: p.certNotAfter!, ms: Date.parse(p.certNotAfter!) - input.nowMs }))
    .filter((e) => Number.isFinite(e.ms))
    .sort((a, b) => a.ms - b.ms);
  const live = input.proxies.some((p) => p.cluster === c.name && !p.gone);
  const base = { cluster: c.name, configVersion: c.appliedVersion };
  if (c.appliedVersion === null)
    return live
      ? { ...base, survivesMs: 0, earliest: null, reason: "no last-known-good config (never synced)" }
      : { ...base, survivesMs: null, earliest: null, reason: "not connected yet: nothing to keep running" };
  const behind =
    c.desiredVersion !== undefined && c.desiredVersion > c.appliedVersion
      ? ` (behind the desired v${c.desiredVersion})`
      : "";
  const config = `keeps serving config v${c.appliedVersion}${behind} from disk`;
  const first = expiries[0];
  if (!first)
    return {
      ...base,
      survivesMs: null,
      earliest: null,
      reason: `${config}; no proxy certificate reported yet`,
    };
  return {
    ...base,
    survivesMs: Math.max(0, first.ms),
    earliest: { proxy: first.proxy, notAfter: first.notAfter },
    reason: `${config}; the first certificate to expire is proxy ${first.proxy}'s`,
  };
}
