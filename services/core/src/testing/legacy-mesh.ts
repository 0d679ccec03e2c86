import { schema } from "@trellis/db";
import { eq } from "drizzle-orm";
import type { Context } from "../context.ts";

/** Makes a mesh look as if it was created before meshes had a CA: its `mesh_cas` row is gone. */
export async function dropMeshCa(ctx: Context, meshId: string): Promise<void> {
  await ctx.db.delete(schema.meshCas).where(eq(schema.meshCas.meshId, meshId));
}
