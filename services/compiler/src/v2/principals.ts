import type { AuthorizationPolicySpec } from "@trellis/protocol/resources";
import type { InboundV2 } from "@trellis/protocol/snapshot/v2";

type Source = AuthorizationPolicySpec["rules"][number]["from"][number];
type Principals = InboundV2["policies"][number]["rules"][number]["from"];

/**
 * The callers a rule's `from` admits, as exact ids and prefixes of SPIFFE ids (a rule's
 * sources are alternatives, so their principals add up):
 * - `identities`: exact ids; a trailing `/*` admits every id under that path (a prefix);
 * - `namespaces`: `spiffe://<trust domain>/ns/<namespace>/`;
 * - `meshes`: this mesh's name is every workload of the mesh, `spiffe://<trust domain>/`;
 *   another mesh's workloads cannot present an id this mesh trusts (its trust bundle holds
 *   only this mesh's roots), so another name admits nobody;
 * - a source with none of these admits every authenticated caller of the mesh;
 * - `unauthenticated: true` admits callers without a verified identity.
 * Exact ids under a listed prefix and prefixes under a shorter one are dropped.
 */
export function principalsOf(
  sources: readonly Source[],
  mesh: { name: string; trustDomain: string },
): Principals {
  const root = `spiffe://${mesh.trustDomain}/`;
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  let unauthenticated = false;
  for (const s of sources) {
    const empty = !s.identities?.length && !s.namespaces?.length && !s.meshes?.length && !s.unauthenticated;
    if (empty) prefixes.add(root);
    for (const id of s.identities ?? []) {
      if (id.endsWith("/*")) prefixes.add(id.slice(0, -1));
      else exact.add(id);
    }
    for (const ns of s.namespaces ?? []) prefixes.add(`${root}ns/${ns}/`);
    if (s.meshes?.includes(mesh.name)) prefixes.add(root);
    if (s.unauthenticated) unauthenticated = true;
  }
  const kept = [...prefixes].filter((p) => ![...prefixes].some((q) => q !== p && p.startsWith(q))).sort();
  return {
    exact: [...exact].filter((id) => !kept.some((p) => id.startsWith(p))).sort(),
    prefixes: kept,
    unauthenticated,
  };
}
