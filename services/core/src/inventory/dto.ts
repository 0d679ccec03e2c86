import type { HealthFlag, MeshProxy } from "@trellis/protocol/api";
import type { InventoryProxy } from "../health/state.ts";

/** Flags that concern a proxy: its own, and its service's (e.g. mixed versions). */
export function flagsOfProxy(p: InventoryProxy, flags: HealthFlag[]): HealthFlag[] {
  const own = `${p.cluster}/${p.proxyId}`;
  const service = `${p.namespace}/${p.service}`;
  return flags.filter(
    (f) =>
      (f.subjectKind === "proxy" && f.subject === own) ||
      (f.subjectKind === "service" && f.subject === service),
  );
}

export function proxyDto(
  p: InventoryProxy,
  flags: HealthFlag[],
  desiredVersion: number,
  staleAfterMs: number,
  nowMs: number,
): MeshProxy {
  return {
    id: p.proxyId,
    kind: p.kind,
    userAgent: p.userAgent,
    cluster: p.cluster,
    namespace: p.namespace,
    service: p.service,
    workload: p.workload,
    identity: p.identity,
    version: p.version,
    appliedConfigVersion: p.appliedConfigVersion,
    desiredConfigVersion: desiredVersion,
    health: p.health,
    stale: p.health !== "gone" && nowMs - p.lastSeenAt.getTime() > staleAfterMs,
    startedAt: p.startedAt?.toISOString() ?? null,
    lastSeenAt: p.lastSeenAt.toISOString(),
    certNotAfter: p.certNotAfter?.toISOString() ?? null,
    lastNack: p.lastNack,
    flags: flags.map((f) => ({ flag: f.flag, reason: f.reason })),
  };
}
