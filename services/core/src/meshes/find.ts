import { schema, type Tx } from "@trellis/db";
import { and, eq } from "drizzle-orm";
import type { Context } from "../context.ts";
import { notFound } from "../errors.ts";

export type MeshRow = typeof schema.meshes.$inferSelect;

/** The caller's mesh by name; another org's mesh is simply not found. */
export async function findMesh(db: Context["db"] | Tx, orgId: string, name: string): Promise<MeshRow> {
  const [row] = await db
    .select()
    .from(schema.meshes)
    .where(and(eq(schema.meshes.orgId, orgId), eq(schema.meshes.name, name)));
  if (!row) throw notFound(`mesh ${name}`);
  return row;
}
