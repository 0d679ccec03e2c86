import { schema } from "@trellis/db";
import { eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { conflict, invalid } from "../errors.ts";
import type { VerbArgs } from "../verb.ts";

/** Deletes the caller's org and everything in it; connected connectors are cut off. */
export async function deleteOrg({ ctx, actor, input }: VerbArgs<{ confirm: string }>): Promise<void> {
  authorize(actor, "org.delete");
  const meshes = await ctx.db.transaction(async (tx) => {
    const [org] = await tx.select().from(schema.orgs).where(eq(schema.orgs.id, actor.orgId));
    if (org && input.confirm !== org.name) {
      throw invalid(`type the organisation's name ("${org.name}") in confirm to delete it`, [
        { pointer: "/confirm", detail: "must equal the organisation's name" },
      ]);
    }
    // A paid subscription would go on billing an org that no longer exists.
    const [account] = await tx
      .select({ plan: schema.billingAccounts.plan })
      .from(schema.billingAccounts)
      .where(eq(schema.billingAccounts.orgId, actor.orgId));
    if (account && account.plan !== "free")
      throw conflict(
        "this organisation has a paid subscription: cancel it in the Customer Portal (Settings → Billing) first, then delete the organisation",
      );
    const meshRows = await tx
      .select({ id: schema.meshes.id })
      .from(schema.meshes)
      .where(eq(schema.meshes.orgId, actor.orgId));
    const clusterRows = await tx
      .select({ id: schema.clusters.id, meshId: schema.clusters.meshId })
      .from(schema.clusters)
      .where(eq(schema.clusters.orgId, actor.orgId));
    await tx.delete(schema.orgs).where(eq(schema.orgs.id, actor.orgId));
    await tx.delete(schema.auditLog).where(eq(schema.auditLog.orgId, actor.orgId));
    await tx.delete(schema.idempotencyKeys).where(eq(schema.idempotencyKeys.orgId, actor.orgId));
    return meshRows.map((m) => ({
      meshId: m.id,
      clusterIds: clusterRows.filter((c) => c.meshId === m.id).map((c) => c.id),
    }));
  });
  for (const m of meshes) {
    await ctx.changes
      .publish({ type: "mesh.deleted", ...m })
      .catch((err: unknown) => ctx.logger.warn("could not announce a mesh deletion", { err }));
  }
}
