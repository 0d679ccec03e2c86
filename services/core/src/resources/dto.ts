import type { schema } from "@trellis/db";
import type { MeshResource, ResourceKind } from "@trellis/protocol/resources";

type ResourceRow = typeof schema.meshResources.$inferSelect;

export function resourceDto(row: ResourceRow, meshName: string): MeshResource {
  return {
    id: row.id,
    mesh: meshName,
    kind: row.kind as ResourceKind,
    name: row.name,
    spec: row.spec as Record<string, unknown>,
    generation: row.generation,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Strong ETag of a resource: its generation. */
export function resourceEtag(row: { generation: number }): string {
  return `"g${row.generation}"`;
}
