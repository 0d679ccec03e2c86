import type { FieldError } from "../errors.ts";
import type { ResourceKind } from "./kinds.ts";

export interface MeshParents {
  /** The spec without its Gateway parentRefs. */
  spec: Record<string, unknown>;
  /** How each Gateway parentRef left out is named in messages: `parentRefs[1] (Gateway infra/public)`. */
  skipped: string[];
  /** Every parentRef was a Gateway: the route is not for the mesh at all. */
  onlyGateways: boolean;
  /** Maps an error on the filtered spec back to the parentRef's index in the document. */
  restorePointer(error: FieldError): FieldError;
}

/**
 * Separates a route's Gateway parents (ingress, not a mesh) from its Service parents
 * (GAMMA). In a Gateway API document a parentRef's kind defaults to Gateway, as upstream
 * says; in a Trellis document it defaults to Service.
 */
export function meshParentRefs(
  kind: ResourceKind,
  spec: Record<string, unknown>,
  gatewayApiDocument: boolean,
): MeshParents {
  const identity: MeshParents = { spec, skipped: [], onlyGateways: false, restorePointer: (e) => e };
  if ((kind !== "HTTPRoute" && kind !== "GRPCRoute") || !Array.isArray(spec.parentRefs)) return identity;
  const kept: { ref: unknown; index: number }[] = [];
  const skipped: string[] = [];
  spec.parentRefs.forEach((ref: unknown, index) => {
    const r = (ref ?? {}) as { kind?: unknown; name?: unknown; namespace?: unknown };
    const refKind = r.kind ?? (gatewayApiDocument ? "Gateway" : "Service");
    if (refKind !== "Gateway" || typeof ref !== "object") kept.push({ ref, index });
    else
      skipped.push(
        `parentRefs[${index}] (Gateway ${r.namespace ? `${String(r.namespace)}/` : ""}${String(r.name)})`,
      );
  });
  if (skipped.length === 0) return identity;
  return {
    spec: { ...spec, parentRefs: kept.map((k) => k.ref) },
    skipped,
    onlyGateways: kept.length === 0,
    restorePointer: (e) => ({
      ...e,
      pointer: e.pointer.replace(
        /^\/spec\/parentRefs\/(\d+)/,
        (_, i: string) => `/spec/parentRefs/${kept[Number(i)]?.index ?? i}`,
      ),
    }),
  };
}
