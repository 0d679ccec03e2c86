import type {
  ConnectorToProxy__Input,
  Nack,
  ProxyHello,
  ProxyStatus,
  ProxyStatus__Input,
} from "@trellis/protocol/tunnel";
import { timestampFromMs } from "@trellis/protocol/tunnel";

/** One attached proxy stream. */
export type AttachedProxy = {
  /** Unique per stream (a proxy that reconnects gets a new one). */
  streamId: number;
  hello: ProxyHello;
  attachedAtMs: number;
  /** Its latest own report, if any yet. */
  status: ProxyStatus | null;
  /** Config version it last said it applied (hello, ack or status: the newest wins). */
  appliedVersion: number;
  lastNack: Nack | null;
  write(msg: ConnectorToProxy__Input): void;
  end(): void;
};

/**
 * The proxies attached to this connector, by proxy id. A proxy that reconnects replaces
 * its older stream, so the report never lists one proxy twice.
 */
export class ProxyRegistry {
  private readonly byId = new Map<string, AttachedProxy>();

  /** Adds a proxy; returns the stream it replaced, which the caller ends. */
  attach(proxy: AttachedProxy): AttachedProxy | undefined {
    const previous = this.byId.get(proxy.hello.proxyId);
    this.byId.set(proxy.hello.proxyId, proxy);
    return previous;
  }

  /** Removes the stream if it is still the current one for its proxy id. */
  detach(proxy: AttachedProxy): boolean {
    if (this.byId.get(proxy.hello.proxyId) !== proxy) return false;
    this.byId.delete(proxy.hello.proxyId);
    return true;
  }

  get(proxyId: string): AttachedProxy | undefined {
    return this.byId.get(proxyId);
  }

  all(): AttachedProxy[] {
    return [...this.byId.values()];
  }

  /** Proxies of one service (namespace optional: empty matches any). */
  ofService(service: string, namespace: string): AttachedProxy[] {
    return this.all().filter(
      (p) => p.hello.service === service && (!namespace || p.hello.namespace === namespace),
    );
  }
}

/** A proxy's row in ProxyReport: its own status, with what the connector saw of its ACKs/NACKs. */
export function reportRow(p: AttachedProxy): ProxyStatus__Input {
  const s = p.status;
  return {
    proxyId: p.hello.proxyId,
    service: s?.service || p.hello.service,
    namespace: s?.namespace || p.hello.namespace,
    workload: s?.workload || p.hello.workload,
    identity: s?.identity || p.hello.identity,
    proxyVersion: s?.proxyVersion || p.hello.proxyVersion,
    appliedConfigVersion: p.appliedVersion,
    health: s?.health ?? "PROXY_HEALTH_NOT_READY",
    startedAt: s?.startedAt ?? timestampFromMs(p.attachedAtMs),
    certNotAfter: s?.certNotAfter ?? null,
    certRootFingerprint: s?.certRootFingerprint ?? "",
    lastNack: p.lastNack,
    // Over ProxyControl: trellis-proxy, unless the peer says otherwise (a cert agent of an xDS client).
    kind: s?.kind && s.kind !== "PROXY_KIND_UNSPECIFIED" ? s.kind : "PROXY_KIND_TRELLIS_PROXY",
    userAgent: s?.userAgent ?? "",
  };
}

export function proxyReport(registry: ProxyRegistry): { proxies: ProxyStatus__Input[] } {
  return {
    proxies: registry
      .all()
      .map(reportRow)
      .sort((a, b) => String(a.proxyId).localeCompare(String(b.proxyId))),
  };
}
