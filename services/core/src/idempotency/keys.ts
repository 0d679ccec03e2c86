import { schema } from "@trellis/db";
import { and, eq, lt } from "drizzle-orm";
import type { Context } from "../context.ts";
import { isSealed, openText, sealText } from "../crypto/at-rest.ts";

/** Keys are kept this long; a replay after that runs the request again. */
const retentionMs = 24 * 3_600_000;

/** A stored first answer to a create, replayed for the same `Idempotency-Key`. */
export interface StoredReply {
  /** Hash of the request (method, path, body, caller): the same key with another request is refused. */
  fingerprint: string;
  status: number;
  body: unknown;
  /** Null for keys stored before headers were kept. */
  headers: Record<string, string> | null;
}

// A first reply may carry a secret shown once (an API token, a join token, a webhook's key),
// and a replay must answer it again — the SDK retries creates with the same key when the
// first answer was lost. So the body is stored sealed with the KEK (crypto/at-rest.ts),
// bound to its org and key: the database alone never holds the secret.
const replyContext = (orgId: string, key: string) => `idempotency:${orgId}:${key}`;

/** The reply stored for `key` in the org, or null when the key is new (or expired and pruned). */
export async function findStoredReply(ctx: Context, orgId: string, key: string): Promise<StoredReply | null> {
  const k = schema.idempotencyKeys;
  const [seen] = await ctx.db
    .select()
    .from(k)
    .where(and(eq(k.orgId, orgId), eq(k.key, key)));
  if (!seen) return null;
  const body = isSealed(seen.body)
    ? JSON.parse(openText(ctx.ca.kek, seen.body, replyContext(orgId, key)))
    : seen.body;
  return { fingerprint: seen.fingerprint, status: seen.status, body, headers: seen.headers };
}

/** Stores the first successful reply for `key` (a concurrent first one wins), then prunes expired keys. */
export async function storeReply(
  ctx: Context,
  orgId: string,
  key: string,
  reply: StoredReply,
): Promise<void> {
  const k = schema.idempotencyKeys;
  await ctx.db
    .insert(k)
    .values({
      orgId,
      key,
      fingerprint: reply.fingerprint,
      status: reply.status,
      body: sealReply(ctx, orgId, key, reply.body),
      headers: reply.headers,
    })
    .onConflictDoNothing();
  await ctx.db.delete(k).where(lt(k.createdAt, new Date(ctx.clock.now().getTime() - retentionMs)));
}

/** The stored form of a reply body (a JSON string value in the jsonb column). */
export function sealReply(ctx: Context, orgId: string, key: string, body: unknown): string {
  return sealText(ctx.ca.kek, JSON.stringify(body ?? null), replyContext(orgId, key));
}
