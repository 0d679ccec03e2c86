import { z } from "zod";

/** An OpenAPI v3 schema node as a CRD holds it. */
export type SchemaNode = { [key: string]: unknown };

/** Formats the API server knows; others (zod's `starts_with`, …) only say what the pattern says. */
const keptFormats = new Set([
  "uri",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "cidr",
  "uuid",
  "date",
  "date-time",
]);
const preserveUnknown = "x-kubernetes-preserve-unknown-fields";

/**
 * A zod schema as a CRD's structural OpenAPI v3 schema: zod 4 writes OpenAPI 3.0 of what
 * users may *write* (io: input), then this folds it into what the API server accepts
 * (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema):
 * every node typed, unions of objects merged into one object whose `oneOf` only restricts,
 * no `const`, no `default` (the control plane applies defaults, knowing the resource's
 * namespace), free-form maps marked `x-kubernetes-preserve-unknown-fields`.
 * Cross-field rules (zod refinements) stay with the control plane's validation.
 */
export function structuralSchemaOf(schema: z.ZodType): SchemaNode {
  const json = z.toJSONSchema(schema, { target: "openapi-3.0", io: "input", unrepresentable: "throw" });
  return toStructural(json as SchemaNode, "");
}

export function toStructural(node: SchemaNode, path: string): SchemaNode {
  const union = (node.oneOf ?? node.anyOf) as SchemaNode[] | undefined;
  if (union)
    return mergeUnion(
      union.map((b, i) => toStructural(b, `${path}[${i}]`)),
      path,
    );
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "default" || key === "$schema") continue;
    if (key === "format" && !keptFormats.has(value as string)) continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, SchemaNode>).map(([k, v]) => [
          k,
          toStructural(v, `${path}.${k}`),
        ]),
      );
    } else if (key === "items") out.items = toStructural(value as SchemaNode, `${path}[]`);
    else if (key === "additionalProperties") continue;
    else out[key] = value;
  }
  const extra = node.additionalProperties;
  if (out.type === "object" && !out.properties) {
    // A map: typed values stay checked, anything else is kept as written.
    if (extra && typeof extra === "object" && Object.keys(extra).length > 0)
      out.additionalProperties = toStructural(extra as SchemaNode, `${path}{}`);
    else out[preserveUnknown] = true;
  }
  if (out.type === undefined && !out[preserveUnknown]) {
    if (Object.keys(out).length > 0) throw new Error(`${path || "/"}: a schema node without a type`);
    out[preserveUnknown] = true; // z.unknown()
  }
  return out;
}

/** Merges the branches of a union into one structural node (see structuralSchemaOf). */
function mergeUnion(branches: SchemaNode[], path: string): SchemaNode {
  const types = new Set(branches.map((b) => b.type));
  if (types.size !== 1) throw new Error(`${path}: a union of different types cannot be structural`);
  const type = branches[0]!.type;
  if (type !== "object") {
    const literalsOnly = branches.every(
      (b) => Array.isArray(b.enum) && Object.keys(b).every((k) => k === "type" || k === "enum"),
    );
    if (literalsOnly) return { type, enum: branches.flatMap((b) => b.enum as unknown[]) };
    // e.g. a header name or "*": one type, and the branches' value checks under anyOf
    // (structural schemas allow value validations there, but no types).
    return {
      type,
      anyOf: branches.map(({ type: _type, ...checks }) => {
        if (Object.keys(checks).length === 0) throw new Error(`${path}: a union branch with no checks`);
        return checks;
      }),
    };
  }
  const properties: Record<string, SchemaNode> = {};
  for (const b of branches) {
    for (const [k, v] of Object.entries((b.properties ?? {}) as Record<string, SchemaNode>))
      properties[k] = properties[k] ? mergeProperty(properties[k], v, `${path}.${k}`) : v;
  }
  const discriminator = Object.keys(properties).find((k) =>
    branches.every((b) => {
      const enumOf = ((b.properties as Record<string, SchemaNode>)?.[k]?.enum ?? []) as unknown[];
      return enumOf.length === 1;
    }),
  );
  if (!discriminator) throw new Error(`${path}: a union of objects needs a discriminator field`);
  const requiredOf = (b: SchemaNode) => (b.required ?? []) as string[];
  const common = requiredOf(branches[0]!).filter((r) => branches.every((b) => requiredOf(b).includes(r)));
  return {
    type: "object",
    properties,
    ...(common.length > 0 ? { required: common } : {}),
    oneOf: branches.map((b) => {
      const own = Object.keys((b.properties ?? {}) as object);
      const foreign = Object.keys(properties).filter((k) => !own.includes(k));
      return {
        properties: {
          [discriminator]: { enum: (b.properties as Record<string, SchemaNode>)[discriminator]!.enum },
        },
        ...(requiredOf(b).length > 0 ? { required: requiredOf(b) } : {}),
        ...(foreign.length > 0 ? { not: { anyOf: foreign.map((f) => ({ required: [f] })) } } : {}),
      };
    }),
  };
}

/** The same field in two branches: identical, or a discriminator whose values add up. */
function mergeProperty(a: SchemaNode, b: SchemaNode, path: string): SchemaNode {
  const { enum: ea, ...ra } = a;
  const { enum: eb, ...rb } = b;
  if (JSON.stringify(ra) !== JSON.stringify(rb))
    throw new Error(`${path}: the branches of a union define this field differently`);
  if (ea === undefined && eb === undefined) return a;
  if (ea === undefined || eb === undefined) return ea === undefined ? a : b;
  return { ...ra, enum: [...new Set([...(ea as unknown[]), ...(eb as unknown[])])] };
}
