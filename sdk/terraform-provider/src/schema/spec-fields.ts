// Derives the Terraform shape of a spec from its zod schema, by walking the JSON Schema
// that zod itself produces (`z.toJSONSchema`, its public introspection): a field added to
// a zod schema appears in the provider without a change here.
//
// - objects become single blocks, arrays of objects list blocks (named in the singular);
// - primitives, arrays and records of primitives become attributes;
// - a field with a default anywhere (in any union variant) is optional + computed: the plan
//   shows the default the API will apply;
// - a repeated block whose singular is taken keeps its plural (`target_ref`, `target_refs`);
// - unions of objects (`targetRef`, filters) merge into one block whose variant fields are
//   optional: which combination is valid is checked by the same zod schema at plan time;
// - anything without a Terraform type (free-form JSON) is a string attribute holding JSON.
import { z } from "zod";
import { reservedNames, singular, snakeCase } from "./naming.ts";

export type ValueShape =
  | { kind: "string" | "number" | "bool" | "json" }
  | { kind: "list"; element: ValueShape }
  | { kind: "map"; element: ValueShape };

export type FieldShape =
  | { kind: "attribute"; value: ValueShape }
  | { kind: "block"; nesting: "single" | "list"; fields: SpecField[]; minItems: number; maxItems: number };

/** One field of a spec: its API key, its Terraform name and how it is represented. */
export interface SpecField {
  /** The key in the API's JSON (`backendRefs`). */
  key: string;
  /** The Terraform name (`backend_ref`). */
  name: string;
  /** Present in every union variant and without a default. */
  required: boolean;
  /** The API fills it in when left out (a zod default). */
  hasDefault: boolean;
  /** The default when it is the same in every variant (used to recognise defaulted blocks). */
  defaultValue?: unknown;
  description: string;
  shape: FieldShape;
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

/** The fields of an object schema (or of a union of object schemas). */
export function specFields(schema: z.ZodType): SpecField[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return fieldsOf(variantsOf(json), "");
}

function variantsOf(schema: JsonSchema): JsonSchema[] {
  const options = schema.oneOf ?? schema.anyOf;
  return options ? options.flatMap(variantsOf) : [schema];
}

function isObjectSchema(s: JsonSchema): boolean {
  return s.type === "object" && s.properties !== undefined;
}

function fieldsOf(variants: JsonSchema[], where: string): SpecField[] {
  const keys = [...new Set(variants.flatMap((v) => Object.keys(v.properties ?? {})))];
  const fields = keys.map((key) => {
    const options = variants.flatMap((v) => (v.properties?.[key] ? [v.properties[key]] : []));
    return fieldOf(key, options, variants, `${where}/${key}`);
  });
  // A repeated block is named in the singular unless another field already has that name
  // (`targetRef` beside GEP-713's `targetRefs`): then it keeps its plural, `target_refs`.
  const taken = new Set(fields.filter((f) => !isListBlock(f)).map((f) => f.name));
  for (const f of fields) if (isListBlock(f) && taken.has(f.name)) f.name = snakeCase(f.key);
  const seen = new Map<string, string>();
  for (const f of fields) {
    if (reservedNames.has(f.name)) throw new Error(`${where}/${f.key}: "${f.name}" is reserved by Terraform`);
    const other = seen.get(f.name);
    if (other)
      throw new Error(`${where}: "${other}" and "${f.key}" both map to the Terraform name "${f.name}"`);
    seen.set(f.name, f.key);
  }
  return fields;
}

function isListBlock(f: SpecField): boolean {
  return f.shape.kind === "block" && f.shape.nesting === "list";
}

function fieldOf(key: string, options: JsonSchema[], variants: JsonSchema[], where: string): SpecField {
  const defaults = options.filter((o) => "default" in o).map((o) => o.default);
  const hasDefault = defaults.length > 0;
  const required = !hasDefault && variants.every((v) => v.required?.includes(key));
  const shape = shapeOf(options, required, where);
  const sameDefault =
    hasDefault && defaults.length === variants.length && defaults.every((d) => sameJson(d, defaults[0]));
  const name = shape.kind === "block" && shape.nesting === "list" ? singular(snakeCase(key)) : snakeCase(key);
  return {
    key,
    name,
    required,
    hasDefault,
    ...(sameDefault ? { defaultValue: defaults[0] } : {}),
    description: describe(options, hasDefault ? defaults[0] : undefined),
    shape,
  };
}

function shapeOf(options: JsonSchema[], required: boolean, where: string): FieldShape {
  const flat = options.flatMap(variantsOf);
  if (flat.every(isObjectSchema)) {
    return {
      kind: "block",
      nesting: "single",
      fields: fieldsOf(flat, where),
      minItems: required ? 1 : 0,
      maxItems: 1,
    };
  }
  const arrays = flat.filter((o) => o.type === "array");
  if (arrays.length === flat.length) {
    const items = arrays.flatMap((a) => (a.items ? variantsOf(a.items) : []));
    if (items.length > 0 && items.every(isObjectSchema)) {
      const min = Math.max(0, ...arrays.map((a) => a.minItems ?? 0));
      const max = Math.min(...arrays.map((a) => a.maxItems ?? Number.POSITIVE_INFINITY));
      return {
        kind: "block",
        nesting: "list",
        fields: fieldsOf(items, `${where}/*`),
        minItems: required ? min : 0,
        maxItems: Number.isFinite(max) ? max : 0,
      };
    }
  }
  return { kind: "attribute", value: valueShape(flat) };
}

function valueShape(options: JsonSchema[]): ValueShape {
  const kinds = new Set(options.map(primitiveKind));
  if (kinds.size === 1) {
    const [kind] = [...kinds];
    if (kind === "list") return { kind: "list", element: valueShape(options.map((o) => o.items ?? {})) };
    if (kind === "map") {
      const element = options.map((o) =>
        typeof o.additionalProperties === "object" ? o.additionalProperties : {},
      );
      return { kind: "map", element: valueShape(element) };
    }
    if (kind) return { kind };
  }
  return { kind: "json" };
}

function primitiveKind(s: JsonSchema): "string" | "number" | "bool" | "list" | "map" | "json" | undefined {
  const constant = s.const ?? s.enum?.[0];
  const type = Array.isArray(s.type)
    ? undefined
    : (s.type ?? (constant === undefined ? undefined : typeof constant));
  if (type === "string") return "string";
  if (type === "number" || type === "integer") return "number";
  if (type === "boolean") return "bool";
  if (type === "array" && s.items && !isObjectSchema(s.items)) {
    const inner = primitiveKind(s.items);
    return inner === "json" || inner === undefined ? "json" : "list";
  }
  if (type === "object" && !s.properties && typeof s.additionalProperties === "object") {
    const inner = primitiveKind(s.additionalProperties);
    return inner === "string" || inner === "number" || inner === "bool" ? "map" : "json";
  }
  return "json";
}

function describe(options: JsonSchema[], defaultValue: unknown): string {
  const parts: string[] = [];
  const text = options.find((o) => o.description)?.description;
  if (text) parts.push(text);
  const values = [
    ...new Set(options.flatMap((o) => [...(o.enum ?? []), ...("const" in o ? [o.const] : [])])),
  ];
  if (values.length > 0) parts.push(`One of: ${values.map((v) => `\`${String(v)}\``).join(", ")}.`);
  const item = options[0]?.items;
  if (item?.enum) parts.push(`Each one of: ${item.enum.map((v) => `\`${String(v)}\``).join(", ")}.`);
  const bounds = options[0];
  if (bounds?.minimum !== undefined || bounds?.maximum !== undefined)
    parts.push(`Between ${bounds.minimum ?? "-∞"} and ${bounds.maximum ?? "∞"}.`);
  if (defaultValue !== undefined && (typeof defaultValue !== "object" || Array.isArray(defaultValue)))
    parts.push(`Default: \`${JSON.stringify(defaultValue)}\`.`);
  if (options.some((o) => primitiveKind(o) === "json" && !isObjectSchema(o) && o.type !== "array"))
    parts.push("A JSON document (use `jsonencode`).");
  return parts.join(" ");
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
