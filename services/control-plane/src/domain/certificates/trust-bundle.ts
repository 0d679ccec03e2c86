import type { Tx } from "@trellis/db";
import type { Context } from "../../context.ts";
import { trustBundleFor as meshTrustBundle } from "../ca/trust-bundle.ts";

/**
 * The PEM roots a mesh trusts, stamped into every snapshot (domain/ca/trust-bundle.ts):
 * both roots during a rotation, whose steps bump the config version so the bundle is pushed.
 * Pass the snapshot's transaction so the bundle belongs to the version it is stamped with.
 */
export async function trustBundleFor(ctx: Context, meshId: string, tx?: Tx): Promise<string[]> {
  return meshTrustBundle(ctx, meshId, tx);
}
