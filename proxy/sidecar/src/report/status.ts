import type { Self } from "../control/session.ts";
import type { StatusInput } from "./reports.ts";

/** The proxy's status from its parts: who it is, what it runs, how healthy it is. */
export function statusOf(p: {
  self: Self;
  identity: {
    spiffeId: string | undefined;
    info: { notAfterMs: number; rootFingerprint: string } | undefined;
  };
  watcher: { version: number; lastNack: StatusInput["lastNack"] };
  draining: boolean;
  ready: boolean;
  proxyVersion: string;
}): StatusInput {
  const { self, identity, watcher } = p;
  return {
    proxyId: self.proxyId,
    service: self.service,
    namespace: self.namespace,
    workload: self.workload,
    startedAtMs: self.startedAtMs,
    identity: identity.spiffeId ?? "",
    proxyVersion: p.proxyVersion,
    appliedVersion: watcher.version,
    health: p.draining ? "PROXY_HEALTH_DRAINING" : p.ready ? "PROXY_HEALTH_READY" : "PROXY_HEALTH_NOT_READY",
    certNotAfterMs: identity.info?.notAfterMs,
    rootFingerprint: identity.info?.rootFingerprint ?? "",
    lastNack: watcher.lastNack,
  };
}
