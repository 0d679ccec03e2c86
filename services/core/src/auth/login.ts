import { schema } from "@trellis/db";
import type { LoginInput } from "@trellis/protocol/api";
import { asc, eq } from "drizzle-orm";
import type { Context } from "../context.ts";
import { decoyPasswordHash, verifyPassword } from "../crypto/passwords.ts";
import { unauthenticated } from "../errors.ts";
import { type CreatedSession, createSession } from "./create-session.ts";
import {
  assertNotThrottled,
  clearFailedLogins,
  recordFailedLogin,
  throttleSubjects,
} from "./login-throttle.ts";

/** Checks the password (same timing whether or not the email exists) and opens a session in the user's first org. */
export async function login(
  ctx: Context,
  input: LoginInput,
  address: string | null,
): Promise<CreatedSession> {
  const subjects = throttleSubjects(input.email, address);
  await assertNotThrottled(ctx, subjects);
  const [user] = await ctx.db.select().from(schema.users).where(eq(schema.users.email, input.email));
  const ok = await verifyPassword(input.password, user?.passwordHash ?? decoyPasswordHash);
  if (!user || !ok) {
    await recordFailedLogin(ctx, subjects);
    throw unauthenticated("the email or password is wrong");
  }
  await clearFailedLogins(ctx, subjects);
  return ctx.db.transaction(async (tx) => {
    const [membership] = await tx
      .select({ org: schema.orgs, role: schema.memberships.role })
      .from(schema.memberships)
      .innerJoin(schema.orgs, eq(schema.orgs.id, schema.memberships.orgId))
      .where(eq(schema.memberships.userId, user.id))
      .orderBy(asc(schema.memberships.createdAt))
      .limit(1);
    if (!membership) throw unauthenticated("this account belongs to no organisation any more");
    return createSession(ctx, tx, user, membership.org, membership.role);
  });
}
