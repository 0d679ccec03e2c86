import type { z } from "zod";

/**
 * True when two specs mean the same once the schema's defaults are applied: a state that
 * leaves a default out is not drift from the API's stored copy that spells it.
 */
export function sameSpec(schema: z.ZodType, a: unknown, b: unknown): boolean {
  return canonicalJson(normalise(schema, a)) === canonicalJson(normalise(schema, b));
}

function normalise(schema: z.ZodType, spec: unknown): unknown {
  const parsed = schema.safeParse(spec);
  return parsed.success ? parsed.data : spec;
}

/** JSON with object keys sorted, so key order never counts as a difference. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .filter((k) => o[k] !== undefined)
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return v;
}
