import type { Actor } from "@trellis/core/actor";
import type { ErrorCode } from "@trellis/protocol/errors";
import type { Context as HonoContext } from "hono";
import type { z } from "zod";
import type { Context } from "../context.ts";

export type Method = "get" | "post" | "put" | "patch" | "delete";

/** What a handler gets: parsed, validated input and the caller. Nothing else to do but call a verb. */
export interface HandlerArgs<B, Q> {
  ctx: Context;
  actor: Actor;
  body: B;
  query: Q;
  params: Record<string, string>;
  requestId: string;
  c: HonoContext;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A streaming answer (Server-Sent Events) the handler built itself; status and body are ignored. */
  stream?: Response;
}

/**
 * One API operation: method, path, schemas and handler. The same definition registers the
 * hono route and documents it in /v1/openapi.json, so the two cannot drift.
 */
export interface RouteDef<B = unknown, Q = unknown> {
  method: Method;
  /** Hono path syntax: `/v1/meshes/:mesh`. */
  path: string;
  summary: string;
  tag: string;
  /** `public` routes take no credentials (signup, login). */
  auth?: "required" | "public";
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Honour `Idempotency-Key` (creates). */
  idempotent?: boolean;
  /** Path parameters that are not free strings (documented; the verb validates them). */
  params?: Record<string, z.ZodType>;
  /** Conditional-request headers the operation honours (documented, each adds a 412). */
  preconditions?: readonly ("If-Match" | "If-None-Match")[];
  /** The body as documented, when `body` reads it loosely and the verb validates it. */
  documentedBody?: z.ZodType;
  /** Errors beyond those every operation of its shape may answer (see `openapi-errors.ts`). */
  errors?: readonly ErrorCode[];
  responses: Record<number, ResponseDef>;
  handler: (args: HandlerArgs<B, Q>) => Promise<Reply>;
}

/** One documented answer; `headers` names the response headers it carries. */
export interface ResponseDef {
  description: string;
  schema?: z.ZodType;
  headers?: readonly ("ETag" | "Location" | "Warning")[];
}

/** Keeps the body/query generics when building a list of routes of mixed types. */
export function route<B = undefined, Q = undefined>(def: RouteDef<B, Q>): RouteDef<unknown, unknown> {
  return def as unknown as RouteDef<unknown, unknown>;
}
