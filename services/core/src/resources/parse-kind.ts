import { isResourceKind, type ResourceKind, resourceKinds } from "@trellis/protocol/resources";
import { invalid } from "../errors.ts";

export function parseKind(kind: string): ResourceKind {
  if (isResourceKind(kind)) return kind;
  throw invalid(`unknown resource kind "${kind}"; known kinds: ${resourceKinds.join(", ")}`, [
    { pointer: "/kind", detail: `must be one of ${resourceKinds.join(", ")}` },
  ]);
}
