import { schema } from "@trellis/db";
import type { Member, Role } from "@trellis/protocol/api";
import { and, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { notFound } from "../errors.ts";
import type { VerbArgs } from "../verb.ts";
import { memberDto } from "./dto.ts";
import { assertMayManage, assertNotLastOwner } from "./guards.ts";

export async function updateMemberRole({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{ id: string; role: Role }>): Promise<Member> {
  authorize(actor, "members.write");
  assertMayManage(actor, input.role);
  return ctx.db.transaction(async (tx) => {
    const m = schema.memberships;
    const [row] = await tx
      .select({ m, email: schema.users.email })
      .from(m)
      .innerJoin(schema.users, eq(schema.users.id, m.userId))
      .where(and(eq(m.id, input.id), eq(m.orgId, actor.orgId)));
    if (!row) throw notFound(`member ${input.id}`);
    assertMayManage(actor, row.m.role);
    if (input.role !== "owner") await assertNotLastOwner(tx, actor.orgId, row.m.role);
    const [updated] = await tx.update(m).set({ role: input.role }).where(eq(m.id, input.id)).returning();
    await recordAudit(tx, actor, requestId, {
      action: "member.update",
      target: input.id,
      details: { from: row.m.role, to: input.role },
    });
    return memberDto(updated!, row.email);
  });
}
