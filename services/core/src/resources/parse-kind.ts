import {
  didYouMean,
  isResourceKind,
  nonMeshKinds,
  type ResourceKind,
  resourceKinds,
} from "@trellis/protocol/resources";
import { invalid } from "../errors.ts";

export function parseKind(kind: string): ResourceKind {
  if (isResourceKind(kind)) return kind;
  if ((nonMeshKinds as readonly string[]).includes(kind))
    throw invalid(`a ${kind} configures ingress gateways, not a mesh: Trellis does not store it`, [
      { pointer: "/kind", detail: `${kind} is not a mesh resource` },
    ]);
  const near = didYouMean(kind, resourceKinds);
  const hint = near ? ` (did you mean "${near}"?)` : "";
  throw invalid(`unknown resource kind "${kind}"${hint}; known kinds: ${resourceKinds.join(", ")}`, [
    { pointer: "/kind", detail: `must be one of ${resourceKinds.join(", ")}${hint}` },
  ]);
}
