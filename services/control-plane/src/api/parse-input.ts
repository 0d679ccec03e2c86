import { AppError, invalid } from "@trellis/core/errors";
import { fieldErrorsFromZod } from "@trellis/protocol/resources";
import type { Context as HonoContext } from "hono";
import type { z } from "zod";

/** Reads and validates a JSON body: malformed JSON is a 400, a failing field a 422 naming it. */
export async function parseBody<T>(c: HonoContext, schema: z.ZodType<T>): Promise<T> {
  const text = await c.req.text();
  let json: unknown;
  try {
    json = text.length === 0 ? {} : JSON.parse(text);
  } catch (e) {
    throw new AppError("bad_request", `the body is not valid JSON: ${(e as Error).message}`);
  }
  return validate(schema, json, "");
}

export function parseQuery<T>(c: HonoContext, schema: z.ZodType<T>): T {
  return validate(schema, c.req.query(), "", "query parameter");
}

function validate<T>(schema: z.ZodType<T>, value: unknown, base: string, what = "field"): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrorsFromZod(result.error, base, { schema, input: value });
  const first = errors[0]!;
  throw invalid(
    `${what} ${first.pointer || "/"} ${first.detail}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`,
    errors,
  );
}
