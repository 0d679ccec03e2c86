import type { Mesh } from "@trellis/protocol/api";
import type { MeshSettingsSpec } from "@trellis/protocol/resources";
import type { MeshRow } from "./find.ts";

export function meshDto(row: MeshRow, settings: MeshSettingsSpec): Mesh {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    trustDomain: row.trustDomain,
    configVersion: row.configVersion,
    settings,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Strong ETag of a mesh: changes with every config version and every edit of the mesh
 * itself (a description change moves `updatedAt` but not the config version).
 */
export function meshEtag(mesh: { configVersion: number; updatedAt: Date | string }): string {
  const updatedMs = new Date(mesh.updatedAt).getTime();
  return `"v${mesh.configVersion}.${updatedMs.toString(36)}"`;
}
