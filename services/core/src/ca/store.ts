import { type CaState, parseCaState } from "@trellis/ca";
import { schema, type Tx } from "@trellis/db";
import { eq } from "drizzle-orm";
import type { Context } from "../context.ts";

export type MeshCaRow = typeof schema.meshCas.$inferSelect;

export const isRotating = (row: MeshCaRow) =>
  row.rotationPhase === "pushing-bundle" || row.rotationPhase === "reissuing";

export async function loadMeshCaRow(
  db: Context["db"] | Tx,
  meshId: string,
  options: { forUpdate?: boolean } = {},
): Promise<MeshCaRow | null> {
  const q = db.select().from(schema.meshCas).where(eq(schema.meshCas.meshId, meshId));
  const [row] = options.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** The row's CA state, or null while an external mesh waits for its upload. */
export function stateOf(row: MeshCaRow): CaState | null {
  return row.state === null ? null : parseCaState(row.state);
}
