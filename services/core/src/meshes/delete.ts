import { schema } from "@trellis/db";
import { eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import type { VerbArgs } from "../verb.ts";
import { findMesh } from "./find.ts";

/** Deletes a mesh with its clusters and resources; connected connectors are cut off. */
export async function deleteMesh({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{ name: string }>): Promise<void> {
  authorize(actor, "meshes.write");
  const { meshId, clusterIds } = await ctx.db.transaction(async (tx) => {
    const row = await findMesh(tx, actor.orgId, input.name, "update");
    const clusterRows = await tx
      .select({ id: schema.clusters.id })
      .from(schema.clusters)
      .where(eq(schema.clusters.meshId, row.id));
    await tx.delete(schema.meshes).where(eq(schema.meshes.id, row.id));
    await recordAudit(tx, actor, requestId, {
      action: "mesh.delete",
      target: row.id,
      details: { name: row.name },
    });
    return { meshId: row.id, clusterIds: clusterRows.map((c) => c.id) };
  });
  await ctx.changes.publish({ type: "mesh.deleted", meshId, clusterIds }).catch((err: unknown) => {
    ctx.logger.warn("could not announce a mesh deletion", { meshId, err });
  });
}
