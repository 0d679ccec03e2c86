import type { MeshSync } from "@trellis/sdk";

export interface ReceiptRow {
  kind: "cluster" | "proxy";
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
 * The rollout receipt of one config version: which clusters (connectors) and proxies run
 * it or anything newer, from the mesh's sync status. Pure.
 */
export function rolloutReceipt(sync: MeshSync, version: number): Receipt {
  const rows: ReceiptRow[] = [
    ...sync.clusters.map((c) => {
      const applied = c.appliedVersion !== null && c.appliedVersion >= version;
      const nack = c.lastNack && c.lastNack.version >= version ? `rejected: ${c.lastNack.error}` : null;
      return {
        kind: "cluster" as const,
        name: c.cluster,
        cluster: c.cluster,
        applied,
        appliedVersion: c.appliedVersion,
        detail: applied ? "applied" : (nack ?? (c.connected ? "pending" : "disconnected")),
      };
    }),
    ...sync.proxies.map((p) => {
      const applied = p.appliedVersion !== null && p.appliedVersion >= version;
      return {
        kind: "proxy" as const,
        name: `${p.service} (${p.proxy})`,
        cluster: p.cluster,
        applied,
        appliedVersion: p.appliedVersion,
        detail: applied ? "applied" : "pending",
      };
    }),
  ];
  const applied = rows.filter((r) => r.applied).length;
  const percent = rows.length === 0 ? 100 : Math.floor((applied / rows.length) * 100);
  return { version, applied, total: rows.length, percent, rows };
}
