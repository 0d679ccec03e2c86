import {
  type ResourceKind,
  resourceKinds,
  resourceSpecSchemas,
  typedDocumentSchemas,
  typedMeshResourceSchema,
  typedResourceSchemas,
} from "@trellis/protocol/resources";
import { z } from "zod";

type Json = Record<string, unknown>;
type Io = "input" | "output";

/**
 * Converts zod schemas to OpenAPI 3.1 schemas and collects the named ones as components:
 * every resource kind's spec (`HTTPRouteSpec`, and `HTTPRouteSpecInput` for what a client
 * may send, defaults optional), each kind's stored object and document, and `MeshResource`
 * (a `oneOf` on `kind`). Zod writes `$defs`; they move to `#/components/schemas`.
 */
export class SchemaComponents {
  readonly schemas: Record<string, Json> = {};
  private readonly registries = { input: z.registry<{ id: string }>(), output: z.registry<{ id: string }>() };

  constructor() {
    for (const kind of resourceKinds) {
      this.name(resourceSpecSchemas[kind], `${kind}Spec`);
      this.name(typedResourceSchemas[kind], `${kind}Resource`);
      this.registries.input.add(typedDocumentSchemas[kind], { id: `${kind}Document` });
    }
    this.name(typedMeshResourceSchema, "MeshResource");
  }

  /** Names a schema in both directions: `Name` as answered, `NameInput` as sent. */
  private name(schema: z.ZodType, id: string): void {
    this.registries.output.add(schema, { id });
    this.registries.input.add(schema, { id: `${id}Input` });
  }

  /** The OpenAPI schema of `schema`, with references to the named components. */
  convert(schema: z.ZodType, io: Io): Json {
    const js = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      unrepresentable: "any",
      metadata: this.registries[io],
    }) as Json;
    const { $defs, $schema: _schema, ...root } = js as Json & { $defs?: Record<string, Json> };
    for (const [id, def] of Object.entries($defs ?? {}))
      this.schemas[id] = withDiscriminator(id, rewriteRefs(def) as Json);
    return rewriteRefs(root) as Json;
  }
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === "$ref" && typeof v === "string"
        ? v.replace(/^#\/\$defs\//, "#/components/schemas/")
        : rewriteRefs(v),
    ]),
  );
}

/** `MeshResource` says which member each `kind` selects (OpenAPI's discriminator). */
function withDiscriminator(id: string, schema: Json): Json {
  if (id !== "MeshResource") return schema;
  const mapping = Object.fromEntries(
    resourceKinds.map((k: ResourceKind) => [k, `#/components/schemas/${k}Resource`]),
  );
  return { ...schema, discriminator: { propertyName: "kind", mapping } };
}
