import { schema, type Tx } from "@trellis/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import { notFound } from "../errors.ts";

/** Bumps a mesh's config version inside the change's transaction; returns the new version. */
export async function bumpConfigVersion(tx: Tx, meshId: string, now: Date): Promise<number> {
  const [row] = await tx
    .update(schema.meshes)
    .set({ configVersion: sql`${schema.meshes.configVersion} + 1`, updatedAt: now })
    .where(eq(schema.meshes.id, meshId))
    .returning({ version: schema.meshes.configVersion });
  if (!row) throw notFound("the mesh (it was deleted meanwhile)");
  // Every cluster is behind the new version until it ACKs it; keep the first such moment.
  const c = schema.clusters;
  await tx
    .update(c)
    .set({ laggingSince: now })
    .where(and(eq(c.meshId, meshId), isNull(c.laggingSince)));
  return row.version;
}

/** Tells every replica (and so every connector) after the commit. A lost notify is healed by the tunnel's periodic reconcile. */
export async function announceConfig(ctx: Context, meshId: string, version: number): Promise<void> {
  await ctx.changes.publish({ type: "mesh.config", meshId, version }).catch((err: unknown) => {
    ctx.logger.warn("could not announce a config change", { meshId, version, err });
  });
}
