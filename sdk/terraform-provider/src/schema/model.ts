// The shape of a Terraform schema as the provider declares it, and its protocol form.
import { type CtyType, objectOf, typeJson } from "../cty/types.ts";
import type { SchemaInput } from "../protocol/index.ts";

export interface Attribute {
  name: string;
  type: CtyType;
  description: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}

/** How repeated blocks collect: one optional block, or an ordered list. */
export type Nesting = "single" | "list";

export interface NestedBlock {
  name: string;
  nesting: Nesting;
  block: Block;
  minItems?: number;
  maxItems?: number;
}

export interface Block {
  description: string;
  attributes: Attribute[];
  blocks: NestedBlock[];
}

/** The object type of a block's value: attributes, single blocks as objects, list blocks as lists. */
export function blockType(block: Block): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const a of block.attributes) attrs[a.name] = a.type;
  for (const b of block.blocks)
    attrs[b.name] = b.nesting === "list" ? ["list", blockType(b.block)] : blockType(b.block);
  return objectOf(attrs);
}

/** `Schema` for GetProviderSchema. */
export function schemaToProto(block: Block, version = 0): SchemaInput {
  return { version, block: blockToProto(block) };
}

function blockToProto(block: Block): NonNullable<SchemaInput["block"]> {
  return {
    description: block.description,
    descriptionKind: "MARKDOWN",
    attributes: block.attributes.map((a) => ({
      name: a.name,
      type: typeJson(a.type),
      description: a.description,
      descriptionKind: "MARKDOWN",
      required: a.required ?? false,
      optional: a.optional ?? false,
      computed: a.computed ?? false,
      sensitive: a.sensitive ?? false,
    })),
    blockTypes: block.blocks.map((b) => ({
      typeName: b.name,
      nesting: b.nesting === "list" ? "LIST" : "SINGLE",
      block: blockToProto(b.block),
      // Terraform wants a single block's bounds equal: 1/1 is required, 0/0 optional.
      minItems: b.nesting === "single" ? Math.min(b.minItems ?? 0, 1) : (b.minItems ?? 0),
      maxItems: b.nesting === "single" ? Math.min(b.minItems ?? 0, 1) : (b.maxItems ?? 0),
    })),
  };
}

/** Shorthands for hand-written schemas. */
export const attr = {
  required: (name: string, type: CtyType, description: string): Attribute => ({
    name,
    type,
    description,
    required: true,
  }),
  optional: (name: string, type: CtyType, description: string): Attribute => ({
    name,
    type,
    description,
    optional: true,
  }),
  /** Optional, and filled by the provider when left out (a default, or what the API chose). */
  optionalComputed: (name: string, type: CtyType, description: string): Attribute => ({
    name,
    type,
    description,
    optional: true,
    computed: true,
  }),
  computed: (name: string, type: CtyType, description: string): Attribute => ({
    name,
    type,
    description,
    computed: true,
  }),
};
