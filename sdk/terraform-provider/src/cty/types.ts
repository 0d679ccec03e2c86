// Terraform's type system (cty) as the plugin protocol writes type constraints: compact
// JSON such as "string", ["list","number"] or ["object",{"name":"string"}].

export type PrimitiveType = "string" | "number" | "bool";
export type CtyType =
  | PrimitiveType
  | readonly ["list", CtyType]
  | readonly ["set", CtyType]
  | readonly ["map", CtyType]
  | readonly ["object", { readonly [attribute: string]: CtyType }]
  | readonly ["tuple", readonly CtyType[]];

export const listOf = (element: CtyType): CtyType => ["list", element];
export const mapOf = (element: CtyType): CtyType => ["map", element];
export const objectOf = (attributes: Record<string, CtyType>): CtyType => ["object", attributes];

/** The bytes of `Schema.Attribute.type`. */
export function typeJson(type: CtyType): Buffer {
  return Buffer.from(JSON.stringify(type));
}
