import { schema } from "@trellis/db";
import { and, eq, isNull } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { notFound } from "../errors.ts";
import type { VerbArgs } from "../verb.ts";

/** Revokes a token at once; later requests with it get 401. Revoking twice is a no-op. */
export async function revokeToken({ ctx, actor, requestId, input }: VerbArgs<{ id: string }>): Promise<void> {
  authorize(actor, "tokens.write");
  await ctx.db.transaction(async (tx) => {
    const t = schema.apiTokens;
    const [row] = await tx
      .select()
      .from(t)
      .where(and(eq(t.id, input.id), eq(t.orgId, actor.orgId)));
    if (!row) throw notFound(`token ${input.id}`);
    if (row.revokedAt) return;
    await tx
      .update(t)
      .set({ revokedAt: ctx.clock.now() })
      .where(and(eq(t.id, input.id), isNull(t.revokedAt)));
    await recordAudit(tx, actor, requestId, {
      action: "token.revoke",
      target: row.id,
      details: { name: row.name },
    });
  });
}
