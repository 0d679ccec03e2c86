import { schema } from "@trellis/db";
import { and, eq, isNull } from "drizzle-orm";
import type { Context } from "../context.ts";
import { hashSecret } from "../crypto/secrets.ts";
import { unauthenticated } from "../errors.ts";
import { loadTunnelCluster, type TunnelCluster } from "./tunnel-cluster.ts";

/** Every later connect: the cluster credential, looked up by hash; revoked or replaced ones fail. */
export async function authenticateCredential(ctx: Context, credential: string): Promise<TunnelCluster> {
  const c = schema.clusters;
  const [row] = await ctx.db
    .select({ id: c.id })
    .from(c)
    .where(and(eq(c.credentialHash, hashSecret(credential)), isNull(c.revokedAt)));
  const cluster = row ? await loadTunnelCluster(ctx.db, row.id) : null;
  if (!cluster)
    throw unauthenticated(
      "unknown or revoked cluster credential: the cluster was revoked, deleted or re-joined; issue a new join token",
    );
  return cluster;
}
