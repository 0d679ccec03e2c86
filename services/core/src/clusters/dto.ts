import type { schema } from "@trellis/db";
import type { Cluster } from "@trellis/protocol/api";

type ClusterRow = typeof schema.clusters.$inferSelect;
export type LastNack = { version: number; error: string; at: string };

export function clusterDto(row: ClusterRow, meshName: string, desiredVersion: number): Cluster {
  return {
    id: row.id,
    mesh: meshName,
    name: row.name,
    connected: row.connected,
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
