import type { Actor } from "@trellis/core/actor";
import { actorFromSession, actorFromToken, csrfHeaderName, sessionCookieName } from "@trellis/core/auth";
import { safeEqual } from "@trellis/core/crypto";
import { forbidden, unauthenticated } from "@trellis/core/errors";
import type { Context as HonoContext } from "hono";
import { getCookie } from "hono/cookie";
import type { Context } from "../context.ts";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolves the caller: a bearer token, or the session cookie. Cookie-authenticated
 * mutations must echo the session's CSRF token in `X-CSRF-Token`; bearer requests need none.
 */
export async function authenticate(ctx: Context, c: HonoContext): Promise<Actor & { csrfToken?: string }> {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthenticated("the Authorization header must be `Bearer <token>`");
    return actorFromToken(ctx, match[1]!);
  }
  const sessionId = getCookie(c, sessionCookieName);
  if (!sessionId) throw unauthenticated("sign in, or send an API token as `Authorization: Bearer <token>`");
  const actor = await actorFromSession(ctx, sessionId);
  if (!safeMethods.has(c.req.method)) {
    const sent = c.req.header(csrfHeaderName);
    if (!sent || !safeEqual(sent, actor.csrfToken)) {
      throw forbidden("missing or wrong X-CSRF-Token header: send the csrfToken from login or GET /v1/me");
    }
  }
  return actor;
}
