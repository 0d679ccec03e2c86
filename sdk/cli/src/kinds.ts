import { type MeshResource, type ResourceKind, resourceKinds } from "@trellis/protocol/resources";

const aliases: Record<string, ResourceKind> = {};
for (const kind of resourceKinds) {
  const lower = kind.toLowerCase();
  aliases[lower] = kind;
  aliases[`${lower}s`] = kind;
}
Object.assign(aliases, {
  route: "HTTPRoute",
  routes: "HTTPRoute",
  httproutes: "HTTPRoute",
  grpcroutes: "GRPCRoute",
  authz: "AuthorizationPolicy",
  authorizationpolicies: "AuthorizationPolicy",
  retrypolicies: "RetryPolicy",
  settings: "MeshSettings",
});

/** `httproute`, `HTTPRoutes`, `routes` → `HTTPRoute`; undefined for an unknown kind. */
export function resolveKind(name: string): ResourceKind | undefined {
  return aliases[name.toLowerCase()];
}

/**
 * The resource as a document `trellis apply` takes back: its own apiVersion, the metadata
 * it was written with plus server fields (ignored on apply), the spec and its status.
 */
export function toDocument(r: MeshResource) {
  return {
    apiVersion: r.apiVersion,
    kind: r.kind,
    metadata: {
      name: r.name,
      namespace: r.namespace,
      ...(Object.keys(r.labels).length > 0 ? { labels: r.labels } : {}),
      ...(Object.keys(r.annotations).length > 0 ? { annotations: r.annotations } : {}),
      mesh: r.mesh,
      generation: r.generation,
      updatedAt: r.updatedAt,
    },
    spec: r.spec,
    status: r.status,
  };
}

/** `httproute/web`, or `httproute/shop/web` outside the default namespace: how apply and delete name a resource. */
export const ref = (kind: string, name: string, namespace = "default") =>
  namespace === "default" ? `${kind.toLowerCase()}/${name}` : `${kind.toLowerCase()}/${namespace}/${name}`;

/** One word for a resource's conditions: `Ready`, else the reasons of those not True. */
export function statusSummary(r: Pick<MeshResource, "status">): string {
  const off = r.status.conditions.filter((c) => c.status !== "True");
  return off.length === 0
    ? "Ready"
    : off.map((c) => `${c.type}=${c.status === "False" ? c.reason : "Unknown"}`).join(",");
}
