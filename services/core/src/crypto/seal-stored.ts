import { schema } from "@trellis/db";
import { and, eq, notLike, sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import { sealReply } from "../idempotency/keys.ts";
import { webhookSecretContext } from "../webhooks/create.ts";
import { sealText } from "./at-rest.ts";

/**
 * The data migration that goes with sealing secrets at rest (SQL cannot encrypt with the
 * KEK): webhook secrets and stored idempotent replies written in plain text by an earlier
 * version are sealed in place. Runs at every start and finds nothing after the first; each
 * row is swapped only if it still holds what was read, so replicas starting together agree.
 */
export async function sealStoredSecrets(ctx: Context): Promise<{ webhooks: number; replies: number }> {
  const w = schema.webhooks;
  let webhooks = 0;
  const plainHooks = await ctx.db
    .select({ id: w.id, secret: w.secret })
    .from(w)
    .where(notLike(w.secret, "sealed:v1:%"));
  for (const row of plainHooks) {
    const sealed = sealText(ctx.ca.kek, row.secret, webhookSecretContext(row.id));
    const done = await ctx.db
      .update(w)
      .set({ secret: sealed })
      .where(and(eq(w.id, row.id), eq(w.secret, row.secret)))
      .returning({ id: w.id });
    webhooks += done.length;
  }
  const k = schema.idempotencyKeys;
  let replies = 0;
  const plainReplies = await ctx.db
    .select({ orgId: k.orgId, key: k.key, body: k.body })
    .from(k)
    .where(sql`jsonb_typeof(${k.body}) <> 'string'`);
  for (const row of plainReplies) {
    const done = await ctx.db
      .update(k)
      .set({ body: sealReply(ctx, row.orgId, row.key, row.body) })
      .where(and(eq(k.orgId, row.orgId), eq(k.key, row.key), sql`jsonb_typeof(${k.body}) <> 'string'`))
      .returning({ key: k.key });
    replies += done.length;
  }
  if (webhooks + replies > 0)
    ctx.logger.info("sealed secrets stored in plain text by an earlier version", { webhooks, replies });
  return { webhooks, replies };
}
