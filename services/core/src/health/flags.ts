import type { HealthFlag } from "@trellis/protocol/api";
import {
  type FlagPolicy,
  flagKey,
  type InventoryCluster,
  type InventoryProxy,
  type MeshState,
} from "./state.ts";
import { compareVersions } from "./versions.ts";

/** "3h 5m", "45s": how far a moment is, for reasons a human reads. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return `${s % 60}s`;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The drift and health flags of one mesh, each with a reason a human understands. Pure:
 * same state, policy and time, same flags (sorted by key). Gone proxies raise nothing.
 */
export function computeFlags(state: MeshState, policy: FlagPolicy, now: Date): HealthFlag[] {
  const nowMs = now.getTime();
  const flags: HealthFlag[] = [];
  const live = state.proxies.filter((p) => p.health !== "gone");
  for (const p of live) flags.push(...proxyFlags(p, state.desiredVersion, policy, nowMs));
  flags.push(...mixedVersionFlags(live));
  for (const c of state.clusters) flags.push(...clusterFlags(c, state.desiredVersion, policy, nowMs));
  if (state.caIssuerNotAfter) {
    const left = state.caIssuerNotAfter.getTime() - nowMs;
    if (left < policy.caExpiryMs)
      flags.push({
        flag: "ca_expiring",
        subjectKind: "mesh",
        subject: state.mesh,
        reason:
          left <= 0
            ? `the mesh CA issuer expired ${humanDuration(left)} ago; no new workload certificate can be issued — rotate the CA`
            : `the mesh CA issuer expires in ${humanDuration(left)} (${state.caIssuerNotAfter.toISOString()}); rotate the CA before then`,
        since: null,
      });
  }
  return flags.sort((a, b) => flagKey(a).localeCompare(flagKey(b)));
}

function proxyFlags(p: InventoryProxy, desired: number, policy: FlagPolicy, nowMs: number): HealthFlag[] {
  const subject = `${p.cluster}/${p.proxyId}`;
  const out: HealthFlag[] = [];
  const add = (flag: HealthFlag["flag"], reason: string, since: string | null = null) =>
    out.push({ flag, subjectKind: "proxy", subject, reason, since });
  const who = `${p.kind === "trellis-proxy" ? "proxy" : p.kind} ${p.proxyId} (${p.namespace}/${p.service})`;
  const silentMs = nowMs - p.lastSeenAt.getTime();
  if (silentMs > policy.staleAfterMs)
    add("stale_heartbeat", `${who} has not reported for ${humanDuration(silentMs)}`, iso(p.lastSeenAt));
  // Only trellis-proxy releases are ours to compare: an xDS client reports its library's or
  // Envoy's version, which has nothing to do with `latestProxyVersion`.
  const cmp = p.kind === "trellis-proxy" ? compareVersions(p.version, policy.latestProxyVersion) : null;
  if (cmp !== null && cmp < 0)
    add("version_behind", `${who} runs ${p.version}; the latest release is ${policy.latestProxyVersion}`);
  if (p.lastNack)
    add("config_nacked", `${who} refused config version ${p.lastNack.version}: ${p.lastNack.error}`);
  const applied = p.appliedConfigVersion ?? 0;
  if (applied < desired) {
    const since = p.laggingSince ?? p.lastSeenAt;
    const lagMs = nowMs - since.getTime();
    if (lagMs > policy.syncLagMs)
      add(
        "config_out_of_sync",
        `${who} runs config version ${applied || "none"} instead of ${desired} for ${humanDuration(lagMs)}`,
        since.toISOString(),
      );
  }
  if (p.certNotAfter) {
    const left = p.certNotAfter.getTime() - nowMs;
    if (left < policy.certExpiryMs)
      add(
        "cert_expiring",
        left <= 0
          ? `${who}'s certificate expired ${humanDuration(left)} ago (${p.certNotAfter.toISOString()}); renewal is failing`
          : `${who}'s certificate expires in ${humanDuration(left)} (${p.certNotAfter.toISOString()}); it should have been renewed`,
      );
  }
  if (p.health === "not_ready") add("proxy_not_ready", `${who} reports it is not ready`);
  return out;
}

/**
 * A service whose members run several releases of one data plane. Kinds are compared apart:
 * a service served by trellis-proxies and proxyless gRPC workloads is not "mixed".
 */
function mixedVersionFlags(live: InventoryProxy[]): HealthFlag[] {
  const byService = new Map<string, Map<string, number>>();
  for (const p of live) {
    if (p.kind !== "trellis-proxy") continue;
    const key = `${p.namespace}/${p.service}`;
    let versions = byService.get(key);
    if (!versions) {
      versions = new Map();
      byService.set(key, versions);
    }
    versions.set(p.version, (versions.get(p.version) ?? 0) + 1);
  }
  const out: HealthFlag[] = [];
  for (const [service, versions] of byService) {
    if (versions.size < 2) continue;
    const list = [...versions.entries()]
      .sort(([a], [b]) => compareVersions(b, a) ?? b.localeCompare(a))
      .map(([v, n]) => `${v} (${n})`)
      .join(", ");
    out.push({
      flag: "mixed_versions",
      subjectKind: "service",
      subject: service,
      reason: `proxies of ${service} run ${versions.size} versions: ${list}`,
      since: null,
    });
  }
  return out;
}

function clusterFlags(c: InventoryCluster, desired: number, policy: FlagPolicy, nowMs: number): HealthFlag[] {
  if (c.revokedAt) return [];
  const out: HealthFlag[] = [];
  const add = (flag: HealthFlag["flag"], reason: string, since: string | null = null) =>
    out.push({ flag, subjectKind: "cluster", subject: c.name, reason, since });
  if (!c.connected) {
    if (c.credentialIssuedAt)
      add(
        "connector_disconnected",
        `the connector of cluster ${c.name} is disconnected${c.lastSeenAt ? ` (last seen ${humanDuration(nowMs - c.lastSeenAt.getTime())} ago)` : ""}; its proxies keep their last config`,
        iso(c.lastSeenAt),
      );
    return out;
  }
  if (c.lastSeenAt && nowMs - c.lastSeenAt.getTime() > policy.staleAfterMs)
    add(
      "stale_heartbeat",
      `the connector of cluster ${c.name} has not been heard from for ${humanDuration(nowMs - c.lastSeenAt.getTime())}`,
      iso(c.lastSeenAt),
    );
  if (c.lastNack)
    add(
      "config_nacked",
      `the connector of cluster ${c.name} refused config version ${c.lastNack.version}: ${c.lastNack.error}`,
      c.lastNack.at ?? null,
    );
  const applied = c.appliedVersion ?? 0;
  if (applied < desired && c.laggingSince) {
    const lagMs = nowMs - c.laggingSince.getTime();
    if (lagMs > policy.syncLagMs)
      add(
        "config_out_of_sync",
        `cluster ${c.name} runs config version ${applied || "none"} instead of ${desired} for ${humanDuration(lagMs)}`,
        c.laggingSince.toISOString(),
      );
  }
  return out;
}
