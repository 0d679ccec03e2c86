import { schema } from "@trellis/db";
import { eq } from "drizzle-orm";
import type { Context } from "../context.ts";
import { hashSecret, newSecret } from "../crypto/secrets.ts";
import { unauthenticated } from "../errors.ts";
import { loadTunnelCluster, type TunnelCluster } from "./tunnel-cluster.ts";

/**
 * A connector's first connect: the one-time join token buys a long-lived cluster
 * credential (random, only its SHA-256 stored). Issuing it clears a revocation, so a
 * new join token is how a revoked cluster is re-admitted. The message says which check
 * failed so an operator knows whether to issue a new token.
 */
export async function exchangeJoinToken(
  ctx: Context,
  token: string,
): Promise<{ cluster: TunnelCluster; credential: string }> {
  const now = ctx.clock.now();
  const credential = newSecret("trl_cc");
  const clusterId = await ctx.db.transaction(async (tx) => {
    const j = schema.joinTokens;
    const [row] = await tx
      .select()
      .from(j)
      .where(eq(j.tokenHash, hashSecret(token)))
      .for("update");
    if (!row) throw unauthenticated("unknown join token: create the cluster again or issue a new join token");
    if (row.usedAt)
      throw unauthenticated(
        `this join token was already used at ${row.usedAt.toISOString()}; issue a new join token`,
      );
    if (row.expiresAt.getTime() <= now.getTime())
      throw unauthenticated(
        `this join token expired at ${row.expiresAt.toISOString()}; issue a new join token`,
      );
    await tx.update(j).set({ usedAt: now }).where(eq(j.tokenHash, row.tokenHash));
    await tx
      .update(schema.clusters)
      .set({ credentialHash: hashSecret(credential), credentialIssuedAt: now, revokedAt: null })
      .where(eq(schema.clusters.id, row.clusterId));
    return row.clusterId;
  });
  const cluster = await loadTunnelCluster(ctx.db, clusterId);
  if (!cluster) throw unauthenticated("unknown join token: its cluster was deleted");
  return { cluster, credential };
}
