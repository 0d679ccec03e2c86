import { schema } from "@trellis/db";
import type { AddMemberInput } from "@trellis/protocol/api";
import { and, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { conflict } from "../errors.ts";
import { newId } from "../ids.ts";
import type { VerbArgs } from "../verb.ts";
import { memberDto } from "./dto.ts";
import { assertMayManage } from "./guards.ts";

const inviteTtlMs = 7 * 86_400_000;

/** Adds an existing user to the org, or records an invite honoured when that email signs up. */
export async function addMember({ ctx, actor, requestId, input }: VerbArgs<AddMemberInput>) {
  authorize(actor, "members.write");
  assertMayManage(actor, input.role);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(schema.users).where(eq(schema.users.email, input.email));
    if (user) {
      const m = schema.memberships;
      const existing = await tx
        .select()
        .from(m)
        .where(and(eq(m.orgId, actor.orgId), eq(m.userId, user.id)));
      if (existing.length > 0) throw conflict(`${input.email} is already a member`);
      const [row] = await tx
        .insert(m)
        .values({ id: newId("member"), orgId: actor.orgId, userId: user.id, role: input.role })
        .returning();
      await recordAudit(tx, actor, requestId, {
        action: "member.add",
        target: row!.id,
        details: { email: input.email, role: input.role },
      });
      return { status: "added" as const, member: memberDto(row!, user.email) };
    }
    const expiresAt = new Date(ctx.clock.now().getTime() + inviteTtlMs);
    const [invite] = await tx
      .insert(schema.invites)
      .values({ id: newId("invite"), orgId: actor.orgId, email: input.email, role: input.role, expiresAt })
      .onConflictDoUpdate({
        target: [schema.invites.orgId, schema.invites.email],
        set: { role: input.role, expiresAt },
      })
      .returning();
    await recordAudit(tx, actor, requestId, {
      action: "member.invite",
      target: invite!.id,
      details: { email: input.email, role: input.role },
    });
    return {
      status: "invited" as const,
      invite: {
        id: invite!.id,
        email: invite!.email,
        role: invite!.role,
        createdAt: invite!.createdAt.toISOString(),
        expiresAt: invite!.expiresAt.toISOString(),
      },
    };
  });
}
