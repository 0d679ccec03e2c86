import { schema, type Tx } from "@trellis/db";
import { and, eq } from "drizzle-orm";
import type { Context } from "../context.ts";
import { notFound } from "../errors.ts";

export type MeshRow = typeof schema.meshes.$inferSelect;

/**
 * The caller's mesh by name; another org's mesh is simply not found. Inside a transaction,
 * `lock` holds the row until it ends: `share` for work under the mesh (a concurrent delete
 * waits, or went first and this is a 404), `update` for work that changes the mesh itself
 * or bumps its version (so two such changes queue instead of deadlocking on an upgrade).
 */
export async function findMesh(
  db: Context["db"] | Tx,
  orgId: string,
  name: string,
  lock?: "share" | "update",
): Promise<MeshRow> {
  const query = db
    .select()
    .from(schema.meshes)
    .where(and(eq(schema.meshes.orgId, orgId), eq(schema.meshes.name, name)));
  const [row] = lock ? await query.for(lock) : await query;
  if (!row) throw notFound(`mesh ${name}`);
  return row;
}
