/** One resource type the fake API server serves, as a CRD (or the built-in type) declares it. */
export interface ResourceType {
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** Writes to the object ignore `status`; `/status` writes change only `status` (and not the generation). */
  statusSubresource: boolean;
}

/** The key tests use for a type: the plural for core and discovery types, else `plural.group`. */
export const typeKey = (t: Pick<ResourceType, "group" | "plural">) =>
  t.group === "" || t.group === "discovery.k8s.io" ? t.plural : `${t.plural}.${t.group}`;

export const apiVersionOf = (t: ResourceType) => (t.group ? `${t.group}/${t.version}` : t.version);

const prefixOf = (t: ResourceType) => (t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`);

export const builtinTypes: ResourceType[] = [
  {
    group: "",
    version: "v1",
    kind: "Service",
    plural: "services",
    namespaced: true,
    statusSubresource: true,
  },
  {
    group: "discovery.k8s.io",
    version: "v1",
    kind: "EndpointSlice",
    plural: "endpointslices",
    namespaced: true,
    statusSubresource: false,
  },
  {
    group: "admissionregistration.k8s.io",
    version: "v1",
    kind: "MutatingWebhookConfiguration",
    plural: "mutatingwebhookconfigurations",
    namespaced: false,
    statusSubresource: false,
  },
];

/** A resource type from a CustomResourceDefinition object (its first served version). */
export function typeOfCrd(crd: {
  spec: {
    group: string;
    names: { kind: string; plural: string };
    scope: string;
    versions: { name: string; served?: boolean; subresources?: { status?: unknown } }[];
  };
}): ResourceType {
  const version = crd.spec.versions.find((v) => v.served !== false) ?? crd.spec.versions[0]!;
  return {
    group: crd.spec.group,
    version: version.name,
    kind: crd.spec.names.kind,
    plural: crd.spec.names.plural,
    namespaced: crd.spec.scope === "Namespaced",
    statusSubresource: version.subresources?.status !== undefined,
  };
}

/** What a request path names: a collection (all namespaces or one), an object, or its status. */
export interface Target {
  type: ResourceType;
  namespace: string | null;
  name: string | null;
  status: boolean;
}

/** Resolves `/api/v1/...` and `/apis/<group>/<version>/...` paths against the known types. */
export function resolvePath(types: readonly ResourceType[], pathname: string): Target | null {
  for (const type of types) {
    const prefix = prefixOf(type);
    if (!pathname.startsWith(`${prefix}/`)) continue;
    const rest = pathname.slice(prefix.length + 1).split("/");
    let namespace: string | null = null;
    if (type.namespaced && rest[0] === "namespaces" && rest.length >= 3) {
      namespace = rest[1]!;
      rest.splice(0, 2);
    }
    if (rest[0] !== type.plural) continue;
    const name = rest[1] ?? null;
    const status = rest[2] === "status";
    if (rest.length > 3 || (rest.length === 3 && !status)) continue;
    if (name && type.namespaced && namespace === null) continue;
    return { type, namespace, name, status };
  }
  return null;
}
