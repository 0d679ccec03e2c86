import { schema } from "@trellis/db";
import { and, eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import type { Context } from "../context.ts";
import { hashSecret } from "../crypto/secrets.ts";
import { unauthenticated } from "../errors.ts";

export interface SessionActor extends Actor {
  csrfToken: string;
}

/** Resolves a session cookie to its actor; the role is read live from the membership. */
export async function actorFromSession(ctx: Context, sessionId: string): Promise<SessionActor> {
  const [row] = await ctx.db
    .select({ session: schema.sessions, email: schema.users.email, role: schema.memberships.role })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .innerJoin(
      schema.memberships,
      and(
        eq(schema.memberships.userId, schema.sessions.userId),
        eq(schema.memberships.orgId, schema.sessions.orgId),
      ),
    )
    .where(eq(schema.sessions.idHash, hashSecret(sessionId)));
  if (!row || row.session.expiresAt <= ctx.clock.now())
    throw unauthenticated("the session has expired; log in again");
  return {
    orgId: row.session.orgId,
    role: row.role,
    userId: row.session.userId,
    tokenId: null,
    label: row.email,
    via: "session",
    csrfToken: row.session.csrfToken,
  };
}

/** Resolves a bearer API token; revoked and expired tokens are refused with the reason. */
export async function actorFromToken(ctx: Context, secret: string): Promise<Actor> {
  const [token] = await ctx.db
    .select()
    .from(schema.apiTokens)
    .where(eq(schema.apiTokens.secretHash, hashSecret(secret)));
  if (!token) throw unauthenticated("the API token is not valid");
  const now = ctx.clock.now();
  if (token.revokedAt) throw unauthenticated("the API token has been revoked");
  if (token.expiresAt && token.expiresAt <= now) throw unauthenticated("the API token has expired");
  // Recording last use costs a write; once a minute is precise enough.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await ctx.db.update(schema.apiTokens).set({ lastUsedAt: now }).where(eq(schema.apiTokens.id, token.id));
  }
  return {
    orgId: token.orgId,
    role: token.role,
    userId: null,
    tokenId: token.id,
    label: `token:${token.name}`,
    via: "token",
  };
}
