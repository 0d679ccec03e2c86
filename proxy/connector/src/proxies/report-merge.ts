import type { ProxyStatus__Input } from "@trellis/protocol/tunnel";

/**
 * One row per data plane. An xDS client and the cert agent beside it share the node id:
 * their rows merge — config receipts, kind and version from the xDS stream, certificate
 * expiry and root from the agent (and identity/service when the bootstrap named none).
 * An agent whose xDS client is not attached (yet) keeps its own row.
 */
export function mergeReportRows(
  proxies: readonly ProxyStatus__Input[],
  xdsRows: readonly ProxyStatus__Input[],
): ProxyStatus__Input[] {
  const byId = new Map(proxies.map((p) => [p.proxyId, p]));
  const merged = xdsRows.map((x) => {
    const agent = byId.get(x.proxyId);
    if (!agent) return x;
    byId.delete(x.proxyId);
    return {
      ...x,
      identity: x.identity || agent.identity,
      service: x.service || agent.service,
      namespace: x.namespace || agent.namespace,
      certNotAfter: agent.certNotAfter ?? null,
      certRootFingerprint: agent.certRootFingerprint ?? "",
    };
  });
  return [...byId.values(), ...merged].sort((a, b) => String(a.proxyId).localeCompare(String(b.proxyId)));
}
