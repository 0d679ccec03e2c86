import { type ProxyStatus__Input, timestampFromMs } from "@trellis/protocol/tunnel";
import type { XdsStreamInfo } from "./xds-stream.ts";

/** Certificate facts a cert agent reports for the node id it serves (see cert-agent/). */
export type CertFacts = {
  certNotAfter: { seconds: number; nanos: number } | null;
  certRootFingerprint: string;
};

/**
 * The xDS clients attached to the connector, by node id (one node may hold several
 * streams: a gRPC process with a client and a server, or a restart overlapping the old
 * stream). Each node is one row of the ProxyReport, beside the trellis-proxies.
 */
export class XdsClients {
  private readonly byNode = new Map<string, Set<XdsStreamInfo>>();

  add(stream: XdsStreamInfo): void {
    const id = stream.node!.id;
    const set = this.byNode.get(id) ?? new Set();
    this.byNode.set(id, set);
    set.add(stream);
  }

  remove(stream: XdsStreamInfo): void {
    const id = stream.node?.id;
    if (!id) return;
    const set = this.byNode.get(id);
    set?.delete(stream);
    if (set?.size === 0) this.byNode.delete(id);
  }

  get size(): number {
    return this.byNode.size;
  }

  get streams(): number {
    let n = 0;
    for (const s of this.byNode.values()) n += s.size;
    return n;
  }

  /**
   * The LDS names a node subscribed to over all its streams (the services it dials); null
   * when one stream subscribed to every listener, or the node has no ADS stream here.
   */
  listenersOf(nodeId: string): string[] | null {
    const set = this.byNode.get(nodeId);
    if (!set) return null;
    const names = new Set<string>();
    for (const s of set) {
      const own = s.subscribedNames("listener");
      if (own === null) return null;
      for (const n of own) names.add(n);
    }
    return [...names];
  }

  rows(certs: (nodeId: string) => CertFacts | null = () => null): ProxyStatus__Input[] {
    return [...this.byNode.entries()].map(([id, set]) => xdsRow(id, [...set], certs(id)));
  }
}

/**
 * A node's row: applied = the oldest applied version of its streams; the newest NACK;
 * READY once it applied any config. Identity, service and namespace come from its
 * bootstrap metadata; for a node without one, the service is empty.
 */
export function xdsRow(id: string, streams: XdsStreamInfo[], cert: CertFacts | null): ProxyStatus__Input {
  const first = streams.reduce((a, b) => (a.attachedAtMs <= b.attachedAtMs ? a : b));
  const { node, profile } = first;
  const applied = Math.min(...streams.map((s) => s.appliedVersion()));
  const nack = streams
    .map((s) => s.lastNack)
    .filter((n) => n !== null)
    .sort((a, b) => b.version - a.version)[0];
  return {
    proxyId: id,
    service: profile?.service?.name ?? "",
    namespace: profile?.service?.namespace ?? "",
    workload: id,
    identity: profile?.identity ?? "",
    proxyVersion: node?.userAgentVersion ?? "",
    appliedConfigVersion: applied,
    health: applied > 0 ? "PROXY_HEALTH_READY" : "PROXY_HEALTH_NOT_READY",
    startedAt: timestampFromMs(first.attachedAtMs),
    certNotAfter: cert?.certNotAfter ?? null,
    certRootFingerprint: cert?.certRootFingerprint ?? "",
    lastNack: nack ?? null,
    kind: profile?.kind === "envoy" ? "PROXY_KIND_ENVOY" : "PROXY_KIND_GRPC_PROXYLESS",
    userAgent: node?.userAgentName ?? "",
  };
}
