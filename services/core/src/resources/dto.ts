import type { schema } from "@trellis/db";
import type { MeshResource, ResourceKind } from "@trellis/protocol/resources";
import { resourceStatus, type StatusInputs } from "./conditions.ts";
import { ownerOf } from "./owner.ts";

type ResourceRow = typeof schema.meshResources.$inferSelect;

/** A stored resource as the API returns it, with its conditions computed now. */
export function resourceDto(row: ResourceRow, meshName: string, inputs: StatusInputs): MeshResource {
  const kind = row.kind as ResourceKind;
  return {
    id: row.id,
    mesh: meshName,
    apiVersion: row.apiVersion,
    kind,
    namespace: row.namespace,
    name: row.name,
    labels: row.labels as Record<string, string>,
    annotations: row.annotations as Record<string, string>,
    spec: row.spec as Record<string, unknown>,
    generation: row.generation,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    owner: ownerOf(row, inputs.clusterNames),
    status: resourceStatus({ ...row, kind }, inputs),
  };
}

/** Strong ETag of a resource: its generation. */
export function resourceEtag(row: { generation: number }): string {
  return `"g${row.generation}"`;
}
