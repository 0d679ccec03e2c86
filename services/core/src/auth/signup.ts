import { schema } from "@trellis/db";
import type { SignupInput } from "@trellis/protocol/api";
import { and, eq, gt } from "drizzle-orm";
import type { Context } from "../context.ts";
import { hashPassword } from "../crypto/passwords.ts";
import { conflict } from "../errors.ts";
import { newId } from "../ids.ts";
import { type CreatedSession, createSession } from "./create-session.ts";

/** Creates a user and their own org (as owner), honours pending invites, and signs them in. */
export async function signup(
  ctx: Context,
  input: SignupInput,
  requestId: string | null,
): Promise<CreatedSession> {
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const taken = await tx
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(eq(schema.users.email, input.email));
    if (taken.length > 0)
      throw conflict(`an account with the email ${input.email} already exists; log in instead`);
    const [user] = await tx
      .insert(schema.users)
      .values({ id: newId("user"), email: input.email, passwordHash })
      .returning();
    const [org] = await tx
      .insert(schema.orgs)
      .values({ id: newId("org"), name: input.orgName })
      .returning();
    await tx
      .insert(schema.memberships)
      .values({ id: newId("member"), orgId: org!.id, userId: user!.id, role: "owner" });
    const now = ctx.clock.now();
    const invites = await tx
      .delete(schema.invites)
      .where(and(eq(schema.invites.email, input.email), gt(schema.invites.expiresAt, now)))
      .returning();
    for (const invite of invites) {
      await tx
        .insert(schema.memberships)
        .values({ id: newId("member"), orgId: invite.orgId, userId: user!.id, role: invite.role })
        .onConflictDoNothing();
    }
    await tx.insert(schema.auditLog).values({
      id: newId("audit"),
      orgId: org!.id,
      actor: user!.id,
      actorLabel: user!.email,
      action: "org.create",
      target: org!.id,
      requestId,
      details: { name: org!.name },
    });
    return createSession(ctx, tx, user!, org!, "owner");
  });
}
