// Terraform values ⇄ API specs, guided by the spec fields: snake_case names and blocks on
// one side, the API's camelCase JSON on the other. Pure functions.
import { isObjectValue, isUnknown, type ObjectValue, unknown, type Value } from "../cty/value.ts";
import type { SpecField, ValueShape } from "./spec-fields.ts";

/** A path into a Terraform value: attribute names and list indexes. */
export type AttrPath = (string | number)[];
type Json = Record<string, unknown>;

export interface SpecFromValue {
  spec: Json;
  /** JSON pointers (into the spec) of values Terraform does not know yet; they are left out. */
  unknownPointers: string[];
  /** Attributes that hold something the API cannot take (a JSON attribute that is not JSON). */
  errors: { path: AttrPath; detail: string }[];
}

/**
 * The API spec a configuration (or state) describes. Nulls and empty block lists are left
 * out, so the API's defaults apply exactly as they would to a hand-written document.
 */
export function specFromValue(fields: SpecField[], value: ObjectValue): SpecFromValue {
  const out: SpecFromValue = { spec: {}, unknownPointers: [], errors: [] };
  out.spec = objectToSpec(fields, value, "", [], out);
  return out;
}

function objectToSpec(
  fields: SpecField[],
  value: ObjectValue,
  pointer: string,
  path: AttrPath,
  out: SpecFromValue,
) {
  const spec: Json = {};
  for (const f of fields) {
    const v = value[f.name] ?? null;
    const p = `${pointer}/${f.key}`;
    if (v === null) continue;
    if (isUnknown(v) || (Array.isArray(v) && f.shape.kind === "attribute" && v.some(isUnknown))) {
      out.unknownPointers.push(p);
      continue;
    }
    if (f.shape.kind === "attribute") {
      const converted = attributeToSpec(f.shape.value, v, [...path, f.name], out);
      if (converted !== undefined) spec[f.key] = converted;
    } else if (f.shape.nesting === "single") {
      if (isObjectValue(v)) spec[f.key] = objectToSpec(f.shape.fields, v, p, [...path, f.name], out);
    } else if (Array.isArray(v) && v.length > 0) {
      const fields = f.shape.fields;
      spec[f.key] = v.map((item, i) =>
        isObjectValue(item) ? objectToSpec(fields, item, `${p}/${i}`, [...path, f.name, i], out) : {},
      );
    }
  }
  return spec;
}

function attributeToSpec(shape: ValueShape, v: Value, path: AttrPath, out: SpecFromValue): unknown {
  if (v === null || isUnknown(v)) return undefined;
  if (shape.kind === "json") {
    try {
      return JSON.parse(v as string);
    } catch (e) {
      out.errors.push({ path, detail: `not valid JSON: ${(e as Error).message}` });
      return undefined;
    }
  }
  if (shape.kind === "list")
    return (v as Value[]).map((item, i) => attributeToSpec(shape.element, item, [...path, i], out));
  if (shape.kind === "map") {
    const m: Json = {};
    for (const [k, item] of Object.entries(v as ObjectValue))
      m[k] = attributeToSpec(shape.element, item, [...path, k], out);
    return m;
  }
  return v;
}

/**
 * The Terraform value of an API spec, shaped like `hint` (the prior state, or null on
 * import): a block the API filled with its default stays absent when the hint has none,
 * and a JSON attribute keeps the hint's text when it means the same document.
 */
export function valueFromSpec(
  fields: SpecField[],
  spec: Json | undefined,
  hint: ObjectValue | null,
): ObjectValue {
  const out: ObjectValue = {};
  for (const f of fields) {
    const raw = spec?.[f.key];
    const prior = hint?.[f.name] ?? null;
    if (f.shape.kind === "attribute") {
      out[f.name] = raw === undefined || raw === null ? null : attributeFromSpec(f.shape.value, raw, prior);
      continue;
    }
    const absentInHint = prior === null || (Array.isArray(prior) && prior.length === 0);
    const defaulted =
      raw !== undefined && absentInHint && f.defaultValue !== undefined && sameJson(raw, f.defaultValue);
    if (f.shape.nesting === "single") {
      out[f.name] =
        raw === undefined || raw === null || defaulted
          ? null
          : valueFromSpec(f.shape.fields, raw as Json, isObjectValue(prior) ? prior : null);
    } else {
      const items = Array.isArray(raw) && !defaulted ? (raw as Json[]) : [];
      const fields = f.shape.fields;
      out[f.name] = items.map((item, i) => {
        const p = Array.isArray(prior) ? prior[i] : null;
        return valueFromSpec(fields, item, isObjectValue(p) ? p : null);
      });
    }
  }
  return out;
}

function attributeFromSpec(shape: ValueShape, raw: unknown, prior: Value): Value {
  if (raw === null || raw === undefined) return null;
  if (shape.kind === "json") {
    if (typeof prior === "string") {
      try {
        if (sameJson(JSON.parse(prior), raw)) return prior;
      } catch {
        // the prior text was not JSON: take the API's
      }
    }
    return JSON.stringify(raw);
  }
  if (shape.kind === "list") {
    const items = Array.isArray(raw) ? raw : [];
    return items.map((item, i) =>
      attributeFromSpec(shape.element, item, Array.isArray(prior) ? (prior[i] ?? null) : null),
    );
  }
  if (shape.kind === "map") {
    const m: ObjectValue = {};
    for (const [k, item] of Object.entries(raw as Json)) m[k] = attributeFromSpec(shape.element, item, null);
    return m;
  }
  return raw as Value;
}

/**
 * The planned value of a configuration: the configuration itself, with every defaulted
 * attribute that is left out set to the value the API will store (`parsed`, the spec after
 * the zod schema's defaults). When the spec could not be parsed yet (unknown values), those
 * attributes are unknown until apply.
 */
export function withDefaults(
  fields: SpecField[],
  config: ObjectValue,
  parsed: Json | undefined,
): ObjectValue {
  const out: ObjectValue = {};
  for (const f of fields) {
    const v = config[f.name] ?? null;
    if (f.shape.kind === "attribute") {
      out[f.name] =
        v === null && f.hasDefault
          ? parsed === undefined
            ? unknown()
            : attributeFromSpec(f.shape.value, parsed[f.key], null)
          : v;
    } else if (f.shape.nesting === "single") {
      out[f.name] = isObjectValue(v) ? withDefaults(f.shape.fields, v, child(parsed, f.key)) : v;
    } else {
      const fields = f.shape.fields;
      const items = child(parsed, f.key) as unknown as Json[] | undefined;
      out[f.name] = Array.isArray(v)
        ? v.map((item, i) => (isObjectValue(item) ? withDefaults(fields, item, items?.[i]) : item))
        : v;
    }
  }
  return out;
}

function child(parsed: Json | undefined, key: string): Json | undefined {
  const c = parsed?.[key];
  return c !== null && typeof c === "object" ? (c as Json) : undefined;
}

/**
 * The Terraform path of a JSON pointer into the spec (`/rules/0/backendRefs/1/weight` →
 * `rule[0].backend_ref[1].weight`); `rest` is what lies inside an attribute (a JSON one).
 */
export function pathOfPointer(fields: SpecField[], pointer: string): { path: AttrPath; rest: string[] } {
  const segments = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  const path: AttrPath = [];
  let current: SpecField[] | undefined = fields;
  let inList = false;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (inList && /^\d+$/.test(seg)) {
      path.push(Number(seg));
      inList = false;
      continue;
    }
    const field: SpecField | undefined = current?.find((f) => f.key === seg);
    if (!field) return { path, rest: segments.slice(i) };
    path.push(field.name);
    if (field.shape.kind === "attribute") return { path, rest: segments.slice(i + 1) };
    current = field.shape.fields;
    inList = field.shape.nesting === "list";
  }
  return { path, rest: [] };
}

/** `["rule", 0, "backend_ref", 1, "weight"]` → `rule[0].backend_ref[1].weight`. */
export function formatPath(path: AttrPath): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v as Json)
        .sort()
        .map((k) => [k, canonical((v as Json)[k])]),
    );
  return v;
}
