import type { KubeObject, SchemaNode } from "@trellis/protocol/install";
import { Ajv } from "ajv";

/**
 * A validator for custom resources of a CRD, standing in for the API server with strict
 * field validation (kubectl's default): the CRD's openAPIV3Schema, with unknown fields
 * refused wherever the schema lists the properties and does not preserve unknown ones.
 */
export function crdValidator(crd: KubeObject): (resource: unknown) => string[] {
  const versions = (crd.spec as { versions: { schema: { openAPIV3Schema: SchemaNode } }[] }).versions;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat("date-time", true);
  ajv.addFormat("int64", true);
  ajv.addFormat("int32", true);
  ajv.addFormat("uri", (v: string) => URL.canParse(v));
  const validate = ajv.compile(strictFields(structuredClone(versions[0]!.schema.openAPIV3Schema)));
  return (resource) => {
    if (validate(resource)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`,
    );
  };
}

function strictFields(node: SchemaNode): SchemaNode {
  if (node.properties && !node["x-kubernetes-preserve-unknown-fields"]) node.additionalProperties = false;
  for (const v of Object.values((node.properties ?? {}) as Record<string, SchemaNode>)) strictFields(v);
  if (node.items) strictFields(node.items as SchemaNode);
  if (node.additionalProperties && typeof node.additionalProperties === "object")
    strictFields(node.additionalProperties as SchemaNode);
  // metadata: the API server checks ObjectMeta itself; here any of its fields may appear.
  const metadata = (node.properties as Record<string, SchemaNode> | undefined)?.metadata;
  if (metadata && metadata.type === "object") delete metadata.additionalProperties;
  return node;
}
