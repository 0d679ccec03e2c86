import type { HealthFlag, ProxyKind } from "@trellis/protocol/api";

/** A proxy as the inventory holds it (what flags are computed from). */
export interface InventoryProxy {
  proxyId: string;
  /** trellis-proxy, or an xDS client of the connector (envoy, grpc-proxyless). */
  kind: ProxyKind;
  /** An xDS client's user agent name; empty for trellis-proxy. */
  userAgent: string;
  cluster: string;
  namespace: string;
  service: string;
  workload: string;
  identity: string;
  version: string;
  appliedConfigVersion: number | null;
  /** ready | not_ready | draining | gone | unknown */
  health: string;
  startedAt: Date | null;
  lastSeenAt: Date;
  certNotAfter: Date | null;
  lastNack: { version: number; error: string } | null;
  laggingSince: Date | null;
}

export interface InventoryCluster {
  name: string;
  connected: boolean;
  connectorVersion: string | null;
  lastSeenAt: Date | null;
  appliedVersion: number | null;
  lastNack: { version: number; error: string; at?: string } | null;
  laggingSince: Date | null;
  /** Null until a connector ever joined: such a cluster is pending, not disconnected. */
  credentialIssuedAt: Date | null;
  revokedAt: Date | null;
}

/** Everything the flags of one mesh are computed from. */
export interface MeshState {
  mesh: string;
  desiredVersion: number;
  proxies: InventoryProxy[];
  clusters: InventoryCluster[];
  /** Not-after of the mesh's CA issuing certificate, when known. */
  caIssuerNotAfter: Date | null;
}

export interface FlagPolicy {
  latestProxyVersion: string;
  staleAfterMs: number;
  syncLagMs: number;
  certExpiryMs: number;
  caExpiryMs: number;
}

export const flagKey = (f: Pick<HealthFlag, "flag" | "subjectKind" | "subject">) =>
  `${f.flag}/${f.subjectKind}/${f.subject}`;
