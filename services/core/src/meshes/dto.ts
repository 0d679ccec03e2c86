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

/** Strong ETag of a mesh: changes with every config version. */
export function meshEtag(row: MeshRow): string {
  return `"v${row.configVersion}"`;
}
