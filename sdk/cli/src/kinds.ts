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

/** The resource as a document `trellis apply` takes back (server fields under metadata). */
export function toDocument(r: MeshResource) {
  return {
    apiVersion: "trellis.dev/v1",
    kind: r.kind,
    metadata: { name: r.name, mesh: r.mesh, generation: r.generation, updatedAt: r.updatedAt },
    spec: r.spec,
  };
}

/** `httproute/web`, how apply and delete name a resource in their output. */
export const ref = (kind: string, name: string) => `${kind.toLowerCase()}/${name}`;
