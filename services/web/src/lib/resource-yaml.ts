import {
  isResourceKind,
  type MeshResource,
  type ResourceKind,
  resourceDocumentSchema,
  validateResourceSpec,
} from "@trellis/protocol/resources";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, stringify } from "yaml";

/** An error of the document being edited, placed on a line when we can find one. */
export interface DocError {
  /** JSON pointer into the document (`/spec/rules/0/weight`), "" for the whole text. */
  pointer: string;
  detail: string;
  /** 1-based line in the text, when the pointer could be found. */
  line: number | null;
}

export type ParsedDoc =
  | { ok: true; kind: ResourceKind; name: string; spec: Record<string, unknown> }
  | { ok: false; errors: DocError[] };

/** The YAML the editor shows for a stored resource: the same document `trellis apply` takes. */
export function resourceToYaml(resource: Pick<MeshResource, "kind" | "name" | "spec">): string {
  return stringify({
    apiVersion: "trellis.dev/v1",
    kind: resource.kind,
    metadata: { name: resource.name },
    spec: resource.spec,
  });
}

/**
 * Parses and validates a resource document as the API would (same zod schemas, from
 * @trellis/protocol), so mistakes show before a round trip. Every error carries the line
 * it points at. Pure.
 */
export function parseResourceYaml(text: string): ParsedDoc {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0)
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        pointer: "",
        detail: e.message.split("\n")[0]!,
        line: e.linePos?.[0]?.line ?? (e.pos ? lines.linePos(e.pos[0]).line : null),
      })),
    };
  const at = (pointer: string) => lineOf(doc.contents as Node | null, pointer, lines);
  const envelope = resourceDocumentSchema.safeParse(doc.toJS());
  if (!envelope.success) {
    return {
      ok: false,
      errors: envelope.error.issues.map((i) => {
        const pointer = i.path.map((p) => `/${String(p)}`).join("");
        const detail =
          pointer === "/kind" ? `must be one of the resource kinds (HTTPRoute, RetryPolicy, …)` : i.message;
        return { pointer, detail, line: at(pointer) };
      }),
    };
  }
  const { kind, metadata, spec } = envelope.data;
  if (!isResourceKind(kind))
    return { ok: false, errors: [{ pointer: "/kind", detail: "unknown kind", line: at("/kind") }] };
  const result = validateResourceSpec(kind, metadata.name, spec);
  if (!result.ok) return { ok: false, errors: withLines(doc.contents as Node | null, result.errors, lines) };
  return { ok: true, kind, name: metadata.name, spec };
}

/** Places server (or validator) field errors on lines of the text; `/name` is `metadata.name`. */
export function locateErrors(
  text: string,
  errors: readonly { pointer: string; detail: string }[],
): DocError[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return withLines(doc.errors.length ? null : (doc.contents as Node | null), errors, lines);
}

function withLines(
  root: Node | null,
  errors: readonly { pointer: string; detail: string }[],
  lines: LineCounter,
): DocError[] {
  return errors.map((e) => {
    const pointer = e.pointer === "/name" ? "/metadata/name" : e.pointer;
    return { pointer, detail: e.detail, line: lineOf(root, pointer, lines) };
  });
}

/** The line of the deepest existing node on a pointer's path (the parent of a missing key). */
function lineOf(root: Node | null, pointer: string, lines: LineCounter): number | null {
  if (!root) return null;
  const segments = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  let node: Node | null = root;
  let keyNode: Node | null = null;
  for (const seg of segments) {
    let next: Node | null = null;
    if (isMap(node)) {
      const items: { key: unknown; value: unknown }[] = node.items;
      const pair = items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (pair) {
        keyNode = pair.key as Node;
        next = (pair.value as Node | null) ?? null;
      }
    } else if (isSeq(node)) {
      next = (node.items[Number(seg)] as Node | undefined) ?? null;
      keyNode = null;
    }
    if (!next) break;
    node = next;
  }
  const target = keyNode ?? node;
  const offset = target?.range?.[0];
  return offset === undefined ? null : lines.linePos(offset).line;
}
