import type { CtyType } from "../cty/types.ts";
import type { Attribute, Block, NestedBlock } from "./model.ts";
import type { SpecField, ValueShape } from "./spec-fields.ts";

/** The Terraform attributes and blocks of spec fields. */
export function specBlock(fields: SpecField[], description = ""): Block {
  const attributes: Attribute[] = [];
  const blocks: NestedBlock[] = [];
  for (const f of fields) {
    if (f.shape.kind === "block") {
      blocks.push({
        name: f.name,
        nesting: f.shape.nesting,
        block: specBlock(f.shape.fields, f.description),
        minItems: f.shape.minItems,
        maxItems: f.shape.maxItems,
      });
    } else {
      attributes.push({
        name: f.name,
        type: ctyTypeOf(f.shape.value),
        description: f.description,
        ...(f.required
          ? { required: true }
          : f.hasDefault
            ? { optional: true, computed: true }
            : { optional: true }),
      });
    }
  }
  return { description, attributes, blocks };
}

export function ctyTypeOf(shape: ValueShape): CtyType {
  switch (shape.kind) {
    case "json":
      return "string";
    case "list":
      return ["list", ctyTypeOf(shape.element)];
    case "map":
      return ["map", ctyTypeOf(shape.element)];
    default:
      return shape.kind;
  }
}

/** The type of spec fields as one object (for computed, read-only copies in data sources). */
export function specObjectType(fields: SpecField[]): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const f of fields) {
    if (f.shape.kind === "attribute") attrs[f.name] = ctyTypeOf(f.shape.value);
    else {
      const inner = specObjectType(f.shape.fields);
      attrs[f.name] = f.shape.nesting === "list" ? ["list", inner] : inner;
    }
  }
  return ["object", attrs];
}
