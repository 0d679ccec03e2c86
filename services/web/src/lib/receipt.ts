import type { MeshSync } from "@trellis/sdk";

export interface ReceiptRow {
  kind: "cluster" | "proxy";
  /** `connector` for a cluster; a proxy's data plane: trellis-proxy, envoy or grpc-proxyless. */
  dataPlane: string;
  name: string;
  cluster: string;
  applied: boolean;
  appliedVersion: number | null;
  detail: string;
}

export interface Receipt {
  version: number;
  applied: number;
  total: number;
  /** 0–100; 100 also when there is nothing to apply it (no clusters yet). */
  percent: number;
  rows: ReceiptRow[];
}

/**
 * The rollout receipt of one config version: which clusters (connectors) and proxies —
 * trellis-proxies and the connector's xDS clients alike — run it or anything newer, from the
 * mesh's sync status. Pure.
 */
export function rolloutReceipt(sync: MeshSync, version: number): Receipt {
  const rows: ReceiptRow[] = [
    ...sync.clusters.map((c) => {
      const applied = c.appliedVersion !== null && c.appliedVersion >= version;
      const nack = c.lastNack && c.lastNack.version >= version ? `rejected: ${c.lastNack.error}` : null;
      return {
        kind: "cluster" as const,
        dataPlane: "connector",
        name: c.cluster,
        cluster: c.cluster,
        applied,
        appliedVersion: c.appliedVersion,
        detail: applied ? "applied" : (nack ?? (c.connected ? "pending" : "disconnected")),
      };
    }),
    ...sync.proxies.map((p) => {
      const applied = p.appliedVersion !== null && p.appliedVersion >= version;
      // `kind` and `lastNack` are absent from control planes that predate them.
      const nack = p.lastNack && p.lastNack.version >= version ? `rejected: ${p.lastNack.error}` : null;
      return {
        kind: "proxy" as const,
        dataPlane: p.kind ?? "trellis-proxy",
        name: `${p.service} (${p.proxy})`,
        cluster: p.cluster,
        applied,
        appliedVersion: p.appliedVersion,
        detail: applied ? "applied" : (nack ?? "pending"),
      };
    }),
  ];
  const applied = rows.filter((r) => r.applied).length;
  const percent = rows.length === 0 ? 100 : Math.floor((applied / rows.length) * 100);
  return { version, applied, total: rows.length, percent, rows };
}
