import type { Context } from "../context.ts";
import { backendFor } from "./backend.ts";

export interface IssuerExpiry {
  /** When the certificate that signs new leaves expires (no leaf outlives it). */
  notAfter: Date;
  /** Within FLAG_CA_EXPIRY_MS (30 days by default): renew the issuer or rotate the CA. */
  expiringSoon: boolean;
}

/**
 * Issuer expiry of a mesh's CA, for the health flags (`ca_expiring`); null when the mesh
 * has no usable CA yet (external, not uploaded) or none at all.
 */
export async function caIssuerExpiry(ctx: Context, meshId: string): Promise<IssuerExpiry | null> {
  try {
    const { backend } = await backendFor(ctx, meshId);
    const notAfter = backend.issuerInfo().notAfter;
    const left = notAfter.getTime() - ctx.clock.now().getTime();
    return { notAfter, expiringSoon: left < ctx.config.FLAG_CA_EXPIRY_MS };
  } catch (err) {
    ctx.logger.debug("no CA issuer expiry for mesh", { meshId, err });
    return null;
  }
}
