import { schema, type Tx } from "@trellis/db";
import { hashSecret, newSecret } from "../crypto/secrets.ts";

/** Join tokens live 24 hours and work once. */
export const joinTokenTtlMs = 24 * 3_600_000;

export async function issueJoinToken(tx: Tx, orgId: string, clusterId: string, now: Date) {
  const token = newSecret("trl_join");
  const expiresAt = new Date(now.getTime() + joinTokenTtlMs);
  await tx.insert(schema.joinTokens).values({ tokenHash: hashSecret(token), orgId, clusterId, expiresAt });
  return { token, expiresAt: expiresAt.toISOString() };
}
