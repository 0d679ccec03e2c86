import type { FieldError } from "@trellis/protocol/errors";
import {
  fieldErrorsFromZod,
  type MeshDocument,
  readResourceDocument,
  trellisApiVersion,
} from "@trellis/protocol/resources";
import { z } from "zod";
import { invalid } from "../errors.ts";
import type { ResourceIdentity } from "./identity.ts";

/** The legacy body of a put: the spec alone (metadata then stays as stored). */
const specBodySchema = z.strictObject({ spec: z.record(z.string(), z.unknown()) });

export interface BodyReading {
  resource: MeshDocument;
  /** Parts of the document left out because they are not for a mesh (a Gateway parentRef). */
  warnings: string[];
  /** The body was a whole document: its apiVersion, labels and annotations replace the stored ones. */
  wholeDocument: boolean;
}

/**
 * Reads the body of a put: a whole document (Trellis' own or Gateway API's, exactly as
 * `trellis apply` takes it), or `{ "spec": … }`. Whatever is wrong is one 422 listing
 * every field by JSON pointer.
 */
export function readPutBody(id: ResourceIdentity, body: unknown): BodyReading {
  const isDocument =
    body !== null && typeof body === "object" && ["apiVersion", "kind", "metadata"].some((k) => k in body);
  if (isDocument) return { ...readDocument(id, body), wholeDocument: true };
  const parsed = specBodySchema.safeParse(body);
  if (!parsed.success)
    throw refused(id, fieldErrorsFromZod(parsed.error, "", { schema: specBodySchema, input: body }));
  const document = {
    apiVersion: trellisApiVersion,
    kind: id.kind,
    metadata: { name: id.name, namespace: id.namespace },
    spec: parsed.data.spec,
  };
  return { ...readDocument(id, document), wholeDocument: false };
}

function readDocument(id: ResourceIdentity, body: unknown): Omit<BodyReading, "wholeDocument"> {
  const read = readResourceDocument(body);
  if (read.outcome === "invalid") throw refused(id, read.errors);
  if (read.outcome === "skipped")
    throw invalid(`${read.message}: Trellis stores mesh resources only`, [
      { pointer: "/kind", detail: read.message },
    ]);
  const r = read.resource;
  const mismatches: FieldError[] = [];
  if (r.kind !== id.kind) mismatches.push({ pointer: "/kind", detail: `the URL names a ${id.kind}` });
  if (r.namespace !== id.namespace)
    mismatches.push({ pointer: "/metadata/namespace", detail: `the URL names namespace ${id.namespace}` });
  if (r.name !== id.name) mismatches.push({ pointer: "/metadata/name", detail: `the URL names ${id.name}` });
  if (mismatches.length > 0) throw refused(id, mismatches);
  return { resource: r, warnings: read.warnings };
}

function refused(id: ResourceIdentity, errors: FieldError[]) {
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  return invalid(`the ${id.kind} is invalid: ${first.pointer || "/"} ${first.detail}${more}`, errors);
}
