import { type MeshResource, type ResourceKind, readResourceDocument } from "@trellis/protocol/resources";
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
  | {
      ok: true;
      kind: ResourceKind;
      namespace: string;
      name: string;
      /** The spec with the kind's defaults, as the server will store it. */
      spec: Record<string, unknown>;
      /** The document exactly as written: what Save sends. */
      document: Record<string, unknown>;
      /** Parts the server will leave out (a Gateway parentRef). */
      warnings: string[];
    }
  | { ok: false; errors: DocError[] };

type Editable = Pick<
  MeshResource,
  "apiVersion" | "kind" | "namespace" | "name" | "labels" | "annotations" | "spec"
>;

/** The YAML the editor shows for a stored resource: the same document `trellis apply` takes. */
export function resourceToYaml(resource: Editable): string {
  return stringify({
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    metadata: {
      name: resource.name,
      ...(resource.namespace !== "default" ? { namespace: resource.namespace } : {}),
      ...(Object.keys(resource.labels).length ? { labels: resource.labels } : {}),
      ...(Object.keys(resource.annotations).length ? { annotations: resource.annotations } : {}),
    },
    spec: resource.spec,
  });
}

/** The edited document with another spec (the canary slider), everything else as written. */
export function withSpec(document: Record<string, unknown>, spec: unknown): string {
  return stringify({ ...document, spec });
}

/**
 * Parses and validates a resource document as the API would (`readResourceDocument` of
 * @trellis/protocol: Trellis' own or a Gateway API route unchanged, strict fields with a
 * did-you-mean), so mistakes show before a round trip. Every error carries the line it
 * points at. A Gateway (not a mesh resource) is an error here: the editor holds one resource.
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
  const root = doc.contents as Node | null;
  const document = doc.toJS() as Record<string, unknown>;
  const read = readResourceDocument(document);
  if (read.outcome === "skipped")
    return {
      ok: false,
      errors: [
        {
          pointer: "/kind",
          detail: `not a mesh resource: ${read.message}`,
          line: lineOf(root, "/kind", lines),
        },
      ],
    };
  if (read.outcome === "invalid") return { ok: false, errors: withLines(root, read.errors, lines) };
  const { kind, namespace, name, spec } = read.resource;
  return { ok: true, kind, namespace, name, spec, document, warnings: read.warnings };
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
