import { z } from "zod";
import { meshResourceSchema, type ResourceKind, resourceKinds, resourceSpecSchemas } from "./kinds.ts";
import { gatewayApiVersions, resourceMetadataSchema, trellisApiVersion } from "./metadata.ts";

// Per-kind views of the API's resource objects, for documentation (OpenAPI components) and
// typed clients: the same fields as `meshResourceSchema` / `resourceDocumentSchema`, with
// the spec of that kind instead of a free-form record.

type Typed<K extends ResourceKind> = z.ZodObject<
  Omit<(typeof meshResourceSchema)["shape"], "kind" | "spec"> & {
    kind: z.ZodLiteral<K>;
    spec: (typeof resourceSpecSchemas)[K];
  }
>;

function typedResourceSchema<K extends ResourceKind>(kind: K): Typed<K> {
  return meshResourceSchema.extend({
    kind: z.literal(kind),
    spec: resourceSpecSchemas[kind],
  }) as unknown as Typed<K>;
}

/** The apiVersions a document of `kind` may carry. */
export function apiVersionsOf(kind: ResourceKind): [string, ...string[]] {
  return [trellisApiVersion, ...((gatewayApiVersions as Record<string, readonly string[]>)[kind] ?? [])];
}

function typedDocumentSchema<K extends ResourceKind>(kind: K) {
  return z.strictObject({
    apiVersion: z.enum(apiVersionsOf(kind)).optional(),
    kind: z.literal(kind),
    metadata: resourceMetadataSchema,
    spec: resourceSpecSchemas[kind],
    status: z.unknown().optional(),
  });
}

const each = <T>(make: (k: ResourceKind) => T) => resourceKinds.map(make) as [T, T, ...T[]];
const byKind = <T>(make: (k: ResourceKind) => T) =>
  Object.fromEntries(resourceKinds.map((k) => [k, make(k)])) as { [K in ResourceKind]: T };

/** A stored resource of each kind, as the API returns it. */
export const typedResourceSchemas = byKind(typedResourceSchema);
/** A document of each kind, as `trellis apply` and `PUT …/resources/{kind}/{name}` take it. */
export const typedDocumentSchemas = byKind(typedDocumentSchema);

/** Any stored resource, discriminated by `kind`. */
export const typedMeshResourceSchema = z.discriminatedUnion(
  "kind",
  each((k) => typedResourceSchemas[k]),
);

/**
 * The body of a resource put: a whole document of any kind (Trellis' or Gateway API's), or
 * `{ "spec": … }` alone (metadata then stays as stored). The server checks that the
 * document's kind, namespace and name are the URL's.
 */
export const putResourceBodySchema = z.union([
  z.discriminatedUnion(
    "kind",
    each((k) => typedDocumentSchemas[k]),
  ),
  z.strictObject({ spec: z.union(each((k) => resourceSpecSchemas[k])) }),
]);
