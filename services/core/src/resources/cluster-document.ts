import { type MeshDocument, readResourceDocument } from "@trellis/protocol/resources";
import type { ClusterResource, ResourceCondition__Input } from "@trellis/protocol/tunnel";

/** The identity of a synced object as the cluster names it, echoed in its ResourceStatus. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  generation: number;
}

/** One ClusterResource read: taken into the mesh, refused with a condition, or not for the mesh. */
export type ClusterReading =
  | { ref: ObjectRef; outcome: "resource"; resource: MeshDocument }
  | { ref: ObjectRef; outcome: "refused"; condition: ResourceCondition__Input }
  /** e.g. a Gateway API route attached only to Gateways: its status is another controller's. */
  | { ref: ObjectRef; outcome: "skipped" };

/**
 * Reads one synced object exactly as the API reads a document (`readResourceDocument`),
 * so a resource is valid in the cluster iff `trellis apply` would take it. Pure.
 */
export function readClusterResource(r: Pick<ClusterResource, "document" | "generation">): ClusterReading {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(r.document).toString("utf8"));
  } catch {
    doc = null;
  }
  const ref = refOf(doc, Number(r.generation));
  const read = readResourceDocument(doc);
  if (read.outcome === "skipped") return { ref, outcome: "skipped" };
  if (read.outcome === "invalid") {
    const listed = read.errors.map((e) => `${e.pointer || "/"}: ${e.detail}`).join("; ");
    return {
      ref,
      outcome: "refused",
      condition: accepted("Invalid", `the mesh refused this ${ref.kind || "document"}: ${listed}`),
    };
  }
  return { ref, outcome: "resource", resource: read.resource };
}

function refOf(doc: unknown, generation: number): ObjectRef {
  const d = (doc ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: Record<string, unknown> };
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    apiVersion: text(d.apiVersion),
    kind: text(d.kind),
    namespace: text(d.metadata?.namespace),
    name: text(d.metadata?.name),
    generation: Number.isFinite(generation) ? generation : 0,
  };
}

/** An Accepted=False condition: why the mesh did not take (or update from) an object. */
export function accepted(reason: string, message: string): ResourceCondition__Input {
  return { type: "Accepted", status: "False", reason, message };
}
