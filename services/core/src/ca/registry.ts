import type { IssuedCertificate } from "@trellis/ca";
import { schema, type Tx } from "@trellis/db";
import { lt } from "drizzle-orm";
import type { Context } from "../context.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";

/** Records an issued certificate (issue 4 item 8); only public facts, never a key. */
export async function recordIssued(
  ctx: Context,
  cluster: TunnelCluster,
  proxyId: string,
  cert: IssuedCertificate,
  db: Context["db"] | Tx = ctx.db,
): Promise<void> {
  await db.insert(schema.certificates).values({
    meshId: cluster.meshId,
    serial: cert.serial,
    orgId: cluster.orgId,
    clusterId: cluster.id,
    clusterName: cluster.name,
    proxyId,
    identity: cert.identity,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    rootFingerprint: cert.rootFingerprint,
    issuedAt: ctx.clock.now(),
  });
}

/** Forgets certificates that expired more than the retention ago; returns how many. */
export async function pruneRegistry(ctx: Context): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - ctx.config.CERT_REGISTRY_RETENTION_MS);
  const gone = await ctx.db
    .delete(schema.certificates)
    .where(lt(schema.certificates.notAfter, cutoff))
    .returning({ serial: schema.certificates.serial });
  return gone.length;
}
