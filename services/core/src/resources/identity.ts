import { dnsLabelSchema, resourceNameSchema } from "@trellis/protocol/names";
import { defaultNamespace, type ResourceKind } from "@trellis/protocol/resources";
import { invalid } from "../errors.ts";
import { parseKind } from "./parse-kind.ts";

/** What names one resource of a mesh: kind, namespace (default `default`) and name. */
export interface ResourceIdentity {
  kind: ResourceKind;
  namespace: string;
  name: string;
}

/** Validates an identity from a URL; a malformed part is a 422 naming it. */
export function parseIdentity(input: {
  kind: string;
  namespace?: string | undefined;
  name: string;
}): ResourceIdentity {
  const kind = parseKind(input.kind);
  const namespace = parseNamespace(input.namespace ?? defaultNamespace);
  if (kind === "MeshSettings" && namespace !== defaultNamespace)
    throw invalid("MeshSettings is mesh-wide: it has no namespace", [
      { pointer: "/namespace", detail: `MeshSettings lives in ${defaultNamespace}` },
    ]);
  const name = resourceNameSchema.safeParse(input.name);
  if (!name.success)
    throw invalid(`invalid resource name "${input.name}"`, [
      { pointer: "/name", detail: name.error.issues[0]!.message },
    ]);
  return { kind, namespace, name: input.name };
}

/** `HTTPRoute shop/web`, how messages name a resource. */
export const describeIdentity = (id: ResourceIdentity) => `${id.kind} ${id.namespace}/${id.name}`;

/** A namespace from a URL or query: a DNS label. */
export function parseNamespace(namespace: string): string {
  const ns = dnsLabelSchema.safeParse(namespace);
  if (!ns.success)
    throw invalid(`invalid namespace "${namespace}"`, [
      { pointer: "/namespace", detail: ns.error.issues[0]!.message },
    ]);
  return namespace;
}
