import type { CreatedSession } from "@trellis/core/auth";
import { login, logout, me, sessionCookieName, signup } from "@trellis/core/auth";
import {
  loginInputSchema,
  meResponseSchema,
  sessionResponseSchema,
  signupInputSchema,
} from "@trellis/protocol/api";
import type { Context as HonoContext } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Context } from "../../context.ts";
import { route } from "../route.ts";

function secureCookies(ctx: Context, c: HonoContext): boolean {
  return new URL(c.req.url).protocol === "https:" || (ctx.config.PUBLIC_URL?.startsWith("https:") ?? false);
}

function setSessionCookie(ctx: Context, c: HonoContext, session: CreatedSession): void {
  setCookie(c, sessionCookieName, session.sessionId, {
    httpOnly: true,
    sameSite: "Lax",
    secure: secureCookies(ctx, c),
    path: "/",
    expires: session.expiresAt,
  });
}

/** The client as the API's middleware resolved it (TRUSTED_PROXIES decides on X-Forwarded-For). */
function clientOf(c: HonoContext): string | null {
  return (c.get("clientAddress") as string | null | undefined) ?? null;
}

export const authRoutes = [
  route({
    method: "post",
    path: "/v1/auth/signup",
    summary: "Create an account and its organisation; signs in",
    tag: "auth",
    auth: "public",
    body: signupInputSchema,
    responses: { 201: { description: "Signed up", schema: sessionResponseSchema } },
    handler: async ({ ctx, body, requestId, c }) => {
      const session = await signup(ctx, body, requestId);
      setSessionCookie(ctx, c, session);
      return { status: 201, body: session.response };
    },
  }),
  route({
    method: "post",
    path: "/v1/auth/login",
    summary: "Sign in with email and password",
    tag: "auth",
    auth: "public",
    body: loginInputSchema,
    responses: { 200: { description: "Signed in", schema: sessionResponseSchema } },
    handler: async ({ ctx, body, c }) => {
      const session = await login(ctx, body, clientOf(c));
      setSessionCookie(ctx, c, session);
      return { status: 200, body: session.response };
    },
  }),
  route({
    method: "post",
    path: "/v1/auth/logout",
    summary: "End the current session",
    tag: "auth",
    responses: { 204: { description: "Signed out" } },
    handler: async ({ ctx, c }) => {
      const sessionId = getCookie(c, sessionCookieName);
      if (sessionId) await logout(ctx, sessionId);
      deleteCookie(c, sessionCookieName, { path: "/" });
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/v1/me",
    summary: "Who the caller is: user, org and role",
    tag: "auth",
    responses: { 200: { description: "The caller", schema: meResponseSchema } },
    handler: async ({ ctx, actor }) => ({ status: 200, body: await me(ctx, actor) }),
  }),
];
