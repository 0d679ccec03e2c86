import { AppError, invalid } from "@trellis/core/errors";
import type { FieldError } from "@trellis/protocol/errors";
import { fieldErrorsFromZod } from "@trellis/protocol/resources";
import type { Context as HonoContext } from "hono";
import type { z } from "zod";
import { unsafeInput } from "./input-guard.ts";

/**
 * Reads and validates a JSON body: malformed JSON is a 400; a value no field may hold
 * (input-guard.ts) or a failing field is a 422 naming it.
 */
export async function parseBody<T>(c: HonoContext, schema: z.ZodType<T>): Promise<T> {
  const text = await c.req.text();
  let json: unknown;
  try {
    json = text.length === 0 ? {} : JSON.parse(text);
  } catch (e) {
    throw new AppError("bad_request", `the body is not valid JSON: ${(e as Error).message}`);
  }
  refuse(unsafeInput(json), "field");
  return validate(schema, json, "");
}

export function parseQuery<T>(c: HonoContext, schema: z.ZodType<T>): T {
  const query = c.req.query();
  refuse(unsafeInput(query), "query parameter");
  return validate(schema, query, "", "query parameter");
}

/** The path parameters, refused as a whole when one holds what no field may (`/path/<name>`). */
export function parseParams(c: HonoContext): Record<string, string> {
  const params = c.req.param() as Record<string, string>;
  refuse(unsafeInput(params, "/path"), "path parameter");
  return params;
}

function validate<T>(schema: z.ZodType<T>, value: unknown, base: string, what = "field"): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  refuse(fieldErrorsFromZod(result.error, base, { schema, input: value }), what);
  throw new Error("unreachable");
}

function refuse(errors: FieldError[], what: string): void {
  const first = errors[0];
  if (!first) return;
  throw invalid(
    `${what} ${first.pointer || "/"} ${first.detail}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`,
    errors,
  );
}
