import type { Context } from "../../context.ts";

/**
 * The PEM roots a mesh trusts, stamped into every snapshot. The seam for the CA work
 * (services/ca): until it is wired, meshes trust nothing and the bundle is empty.
 * When the bundle changes (a rotation), the CA work must bump the mesh's config
 * version so the new bundle is pushed.
 */
export async function trustBundleFor(_ctx: Context, _meshId: string): Promise<string[]> {
  return [];
}
