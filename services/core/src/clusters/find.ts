import { schema, type Tx } from "@trellis/db";
import { and, eq } from "drizzle-orm";
import type { Context } from "../context.ts";
import { notFound } from "../errors.ts";
import { findMesh, type MeshRow } from "../meshes/find.ts";

export type ClusterRow = typeof schema.clusters.$inferSelect;

export async function findCluster(
  db: Context["db"] | Tx,
  orgId: string,
  meshName: string,
  clusterName: string,
): Promise<{ mesh: MeshRow; cluster: ClusterRow }> {
  const mesh = await findMesh(db, orgId, meshName);
  const [cluster] = await db
    .select()
    .from(schema.clusters)
    .where(and(eq(schema.clusters.meshId, mesh.id), eq(schema.clusters.name, clusterName)));
  if (!cluster) throw notFound(`cluster ${clusterName} in mesh ${meshName}`);
  return { mesh, cluster };
}
