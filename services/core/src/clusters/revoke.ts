import { schema } from "@trellis/db";
import { eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import type { Context } from "../context.ts";
import { notFound } from "../errors.ts";
import { isConnected } from "../sync/connection.ts";
import type { VerbArgs } from "../verb.ts";
import { clusterDto } from "./dto.ts";
import { findCluster } from "./find.ts";

/** Revokes the cluster's credential: its live stream is closed and the credential refused from now on. */
export async function revokeCluster({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{ mesh: string; name: string }>) {
  authorize(actor, "clusters.write");
  const result = await ctx.db.transaction(async (tx) => {
    const { mesh, cluster } = await findCluster(tx, actor.orgId, input.mesh, input.name);
    const c = schema.clusters;
    const [row] = await tx
      .update(c)
      .set({ revokedAt: ctx.clock.now(), credentialHash: null })
      .where(eq(c.id, cluster.id))
      .returning();
    // Deleted by a concurrent request after it was found: the update matched nothing.
    if (!row) throw notFound(`cluster ${input.name} in mesh ${input.mesh}`);
    await tx.delete(schema.joinTokens).where(eq(schema.joinTokens.clusterId, cluster.id));
    await recordAudit(tx, actor, requestId, { action: "cluster.revoke", target: cluster.id });
    return clusterDto(row, mesh.name, mesh.configVersion, isConnected(ctx, row));
  });
  await announceRevocation(ctx, result.id);
  return result;
}

/** Deletes the cluster; like a revocation for its connector. */
export async function deleteCluster({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{ mesh: string; name: string }>): Promise<void> {
  authorize(actor, "clusters.write");
  const clusterId = await ctx.db.transaction(async (tx) => {
    const { cluster } = await findCluster(tx, actor.orgId, input.mesh, input.name);
    await tx.delete(schema.clusters).where(eq(schema.clusters.id, cluster.id));
    await recordAudit(tx, actor, requestId, {
      action: "cluster.delete",
      target: cluster.id,
      details: { name: cluster.name },
    });
    return cluster.id;
  });
  await announceRevocation(ctx, clusterId);
}

async function announceRevocation(ctx: Context, clusterId: string): Promise<void> {
  await ctx.changes.publish({ type: "cluster.revoked", clusterId }).catch((err: unknown) => {
    ctx.logger.warn("could not announce a cluster revocation", { clusterId, err });
  });
}
