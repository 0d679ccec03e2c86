import type { z } from "zod";

// Finding the schema that governs a spot of an input, for error messages: which fields an
// object at that spot knows (for "did you mean"), which values a discriminator takes.
// Reads zod's public `_zod.def` description, nothing private.

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
  left?: z.ZodType;
  right?: z.ZodType;
};

const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;
const wrappers = new Set(["optional", "default", "nullable", "prefault", "readonly", "catch", "nonoptional"]);

/** The schema under its wrappers (optional, default, pipe…). */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 32; i++) {
    const def = defOf(s);
    if (wrappers.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === "pipe" && def.in) s = def.in;
    else if (def.type === "lazy" && def.getter) s = def.getter();
    else return s;
  }
  return s;
}

/** The literal values a schema accepts (a literal or an enum), else undefined. */
export function literalValues(schema: z.ZodType): unknown[] | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === "literal") return def.values;
  if (def.type === "enum" && def.entries) return Object.values(def.entries);
  return undefined;
}

/** The object schemas a value may be checked against: for a union, the variants its discriminator selects. */
function objectsFor(schema: z.ZodType, value: unknown): z.ZodType[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === "object") return [s];
  if (def.type === "intersection" && def.left && def.right)
    return [...objectsFor(def.left, value), ...objectsFor(def.right, value)];
  if (def.type !== "union" || !def.options) return [];
  const all = def.options.flatMap((o) => objectsFor(o, value));
  const key = def.discriminator;
  if (!key || value === null || typeof value !== "object") return all;
  const chosen = all.filter((o) => {
    const field = defOf(o).shape?.[key];
    const allowed = field ? literalValues(field) : undefined;
    return allowed?.includes((value as Record<string, unknown>)[key]) ?? true;
  });
  return chosen.length > 0 ? chosen : all;
}

/** The schemas at `path` inside `schema`, following the input where a union must choose. */
export function schemasAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): z.ZodType[] {
  let current = [schema];
  let value = input;
  for (const segment of path) {
    current = current.flatMap((s) => {
      const u = unwrap(s);
      const def = defOf(u);
      if (def.type === "array" && def.element) return [def.element];
      if (def.type === "record" && def.valueType) return [def.valueType];
      return objectsFor(u, value).flatMap((o) => {
        const field = defOf(o).shape?.[String(segment)];
        return field ? [field] : [];
      });
    });
    value =
      value !== null && typeof value === "object"
        ? (value as Record<string, unknown>)[String(segment)]
        : undefined;
  }
  return current;
}

/** The field names an object at `path` may have. */
export function knownFieldsAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  const value = valueAt(input, path);
  const fields = schemasAt(schema, path, input).flatMap((s) =>
    objectsFor(s, value).flatMap((o) => Object.keys(defOf(o).shape ?? {})),
  );
  return [...new Set(fields)];
}

/** The input's value at `path`, or undefined. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[String(segment)];
  }
  return value;
}
