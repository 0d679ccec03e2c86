import { caIssuerExpiry } from "../ca/issuer-expiry.ts";
import type { Context } from "../context.ts";

/**
 * The not-after of mesh `meshId`'s current issuing certificate (null when it has no usable
 * CA yet), from ca/issuer-expiry.ts. The `ca_expiring` flag is raised from it.
 */
export async function loadCaIssuerNotAfter(ctx: Context, meshId: string): Promise<Date | null> {
  return (await caIssuerExpiry(ctx, meshId))?.notAfter ?? null;
}
