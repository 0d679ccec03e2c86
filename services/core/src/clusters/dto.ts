import type { schema } from "@trellis/db";
import type { Cluster } from "@trellis/protocol/api";

type ClusterRow = typeof schema.clusters.$inferSelect;
export type LastNack = { version: number; error: string; at: string };

/** `connected` is the lease rule of sync/connection.ts, decided by the caller (it knows the time). */
export function clusterDto(
  row: ClusterRow,
  meshName: string,
  desiredVersion: number,
  connected: boolean,
): Cluster {
  return {
    id: row.id,
    mesh: meshName,
    name: row.name,
    connected,
    connectorVersion: row.connectorVersion,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    desiredVersion,
    appliedVersion: row.appliedVersion,
    lastNack: (row.lastNack as LastNack | null) ?? null,
    credentialIssuedAt: row.credentialIssuedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
