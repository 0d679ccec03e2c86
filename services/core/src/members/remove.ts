import { schema } from "@trellis/db";
import { and, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { notFound } from "../errors.ts";
import type { VerbArgs } from "../verb.ts";
import { assertMayManage, assertNotLastOwner } from "./guards.ts";

/** Removes a member; their sessions in this org end with the membership. */
export async function removeMember({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{ id: string }>): Promise<void> {
  authorize(actor, "members.write");
  await ctx.db.transaction(async (tx) => {
    const m = schema.memberships;
    const [row] = await tx
      .select()
      .from(m)
      .where(and(eq(m.id, input.id), eq(m.orgId, actor.orgId)));
    if (!row) throw notFound(`member ${input.id}`);
    assertMayManage(actor, row.role);
    await assertNotLastOwner(tx, actor.orgId, row.role);
    await tx.delete(m).where(eq(m.id, input.id));
    await tx
      .delete(schema.sessions)
      .where(and(eq(schema.sessions.userId, row.userId), eq(schema.sessions.orgId, actor.orgId)));
    await recordAudit(tx, actor, requestId, { action: "member.remove", target: input.id });
  });
}
