import { bundleOf } from "@trellis/ca";
import type { Tx } from "@trellis/db";
import type { Context } from "../context.ts";
import { loadMeshCaRow, stateOf } from "./store.ts";

/**
 * The PEM roots a mesh's proxies must trust, for the compiler's snapshots: during a
 * rotation the old and the new root, otherwise one. Empty while an external CA waits for
 * its upload. Pass the snapshot's transaction so version and bundle are read together.
 */
export async function trustBundleFor(
  ctx: Context,
  meshId: string,
  db: Context["db"] | Tx = ctx.db,
): Promise<string[]> {
  const row = await loadMeshCaRow(db, meshId);
  const state = row ? stateOf(row) : null;
  return state ? bundleOf(state) : [];
}
