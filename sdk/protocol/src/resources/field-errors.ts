import type { z } from "zod";
import type { FieldError } from "../errors.ts";
import { knownFieldsAt, literalValues, schemasAt, valueAt } from "./schema-walk.ts";
import { suggestion } from "./suggest.ts";

/** `/spec/rules/0` from `["rules", 0]` under `base`, escaped as RFC 6901 says. */
export function pointerOf(base: string, path: readonly PropertyKey[]): string {
  return base + path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** What was validated, so messages can name the fields a spot knows. */
export interface ValidatedInput {
  schema: z.ZodType;
  input: unknown;
}

/**
 * Turns zod issues into JSON-pointer field errors under `base` (e.g. `/spec`). With the
 * schema and input, an unknown field becomes one error at its own pointer with a "did you
 * mean" for a near miss, and an unknown discriminator or enum value names the nearest one.
 */
export function fieldErrorsFromZod(error: z.ZodError, base = "", validated?: ValidatedInput): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") return unknownFieldErrors(issue, base, validated);
    return [{ pointer: pointerOf(base, issue.path), detail: describe(issue, validated) }];
  });
}

function unknownFieldErrors(
  issue: z.core.$ZodIssueUnrecognizedKeys,
  base: string,
  validated: ValidatedInput | undefined,
): FieldError[] {
  const known = validated ? knownFieldsAt(validated.schema, issue.path, validated.input) : [];
  return issue.keys.map((key) => {
    const hint = suggestion(key, known);
    const list = !hint && known.length > 0 && known.length <= 12 ? `; fields here: ${known.join(", ")}` : "";
    return { pointer: pointerOf(base, [...issue.path, key]), detail: `unknown field "${key}"${hint}${list}` };
  });
}

function describe(issue: z.core.$ZodIssue, validated: ValidatedInput | undefined): string {
  const value = validated ? valueAt(validated.input, issue.path) : undefined;
  if (issue.code === "invalid_union" && "discriminator" in issue && typeof value === "string") {
    const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
    return `unknown ${String(issue.discriminator)} "${value}"${suggestion(value, options)}; one of: ${options.join(", ")}`;
  }
  if (issue.code === "invalid_value" && typeof value === "string") {
    return `${issue.message}${suggestion(value, issue.values.map(String))}`;
  }
  if (issue.code === "invalid_type" && validated && value === undefined && issue.path.length > 0) {
    const expected = schemasAt(validated.schema, issue.path, validated.input)
      .flatMap((s) => literalValues(s) ?? [])
      .map((v) => JSON.stringify(v));
    return `required field missing (${expected.length > 0 ? `one of ${expected.join(", ")}` : `expected ${issue.expected}`})`;
  }
  return issue.message;
}
