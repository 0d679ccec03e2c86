import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import {
  defaultNamespace,
  isResourceKind,
  type MeshDocument,
  readResourceDocument,
  resourceKinds,
} from "@trellis/protocol/resources";
import { pointerToPath } from "@trellis/sdk";
import { type Document, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";

/** One resource document read from a file, with where it came from. */
export interface SourcedDocument {
  /** The file name as the user gave it (`-` for stdin). */
  file: string;
  /** The 1-based line the document starts on. */
  line: number;
  /** The document exactly as written: what is sent to the server. */
  raw: Record<string, unknown>;
  /** Its identity, metadata and spec with the kind's defaults, as the server will store it. */
  resource: MeshDocument;
  /** Parts left out because they are not for a mesh (a Gateway parentRef). */
  warnings: string[];
  /** Finds the line of a JSON pointer into this document (the nearest existing parent). */
  lineOf(pointer: string): number;
}

/** A document that is not for a mesh (a Gateway, a GatewayClass, a route of Gateways only). */
export interface SkippedDocument {
  file: string;
  line: number;
  message: string;
}

/** A problem in a document, printed as `file:line: field: message` so editors can jump to it. */
export interface DocumentProblem {
  file: string;
  line: number;
  /** Dotted path of the field (`spec.rules[0].weight`), empty for the whole document. */
  path: string;
  message: string;
}

/** `routes.yaml:14: spec.rules[0].backendRefs[1].weight: must be >= 0`. */
export function formatProblem(p: DocumentProblem): string {
  return `${p.file}:${p.line}: ${p.path ? `${p.path}: ` : ""}${p.message}`;
}

/** Reads `-f` targets: a file, every .yaml/.yml/.json of a directory (sorted), or `-` for stdin. */
export async function readSources(
  target: string,
  stdin: () => Promise<string>,
): Promise<{ file: string; text: string }[]> {
  if (target === "-") return [{ file: "<stdin>", text: await stdin() }];
  const info = await stat(target);
  if (!info.isDirectory()) return [{ file: target, text: await readFile(target, "utf8") }];
  const names = (await readdir(target)).filter((n) => [".yaml", ".yml", ".json"].includes(extname(n))).sort();
  return Promise.all(
    names.map(async (n) => ({ file: join(target, n), text: await readFile(join(target, n), "utf8") })),
  );
}

export interface ParsedFile {
  documents: SourcedDocument[];
  skipped: SkippedDocument[];
  problems: DocumentProblem[];
}

/**
 * Parses YAML or JSON (several documents separated by `---`) and reads each one as the
 * API would (`readResourceDocument` of `@trellis/protocol`): Trellis' own documents and
 * Gateway API routes unchanged, what is not for a mesh set aside as skipped, and every
 * problem pointing at its file, line and field.
 */
export function parseDocuments(
  file: string,
  text: string,
  /** `names`: only kind, namespace and name matter (for delete); the spec is not validated. */
  mode: "apply" | "names" = "apply",
): ParsedFile {
  const counter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const out: ParsedFile = { documents: [], skipped: [], problems: [] };
  for (const doc of docs) {
    const line = (offset: number) => counter.linePos(offset).line;
    if (doc.errors.length > 0) {
      for (const e of doc.errors)
        out.problems.push({ file, line: line(e.pos[0]), path: "", message: e.message.split("\n")[0]! });
      continue;
    }
    // An empty document, e.g. a trailing `---` or one holding only comments.
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    const start = line((doc.contents as { range?: [number, number, number] }).range?.[0] ?? doc.range[0]);
    const lineOf = (pointer: string) => lineOfPointer(doc, pointer, line) ?? start;
    const raw = doc.toJS() as Record<string, unknown>;
    const read = mode === "names" ? readNames(raw) : readResourceDocument(raw);
    if (read.outcome === "skipped") out.skipped.push({ file, line: start, message: read.message });
    else if (read.outcome === "invalid")
      for (const e of read.errors)
        out.problems.push({
          file,
          line: lineOf(e.pointer),
          path: pointerToPath(e.pointer),
          message: e.detail,
        });
    else
      out.documents.push({
        file,
        line: start,
        raw,
        resource: read.resource,
        warnings: read.warnings,
        lineOf,
      });
  }
  return out;
}

/** For delete: the identity of a document, without validating its spec. */
function readNames(raw: unknown): ReturnType<typeof readResourceDocument> {
  const d = (raw ?? {}) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const kind = String(d.kind ?? "");
  const name = d.metadata?.name;
  if (!isResourceKind(kind)) {
    const full = readResourceDocument(raw);
    if (full.outcome === "skipped") return full;
    return {
      outcome: "invalid",
      errors: [{ pointer: "/kind", detail: `must be one of ${resourceKinds.join(", ")}` }],
    };
  }
  if (typeof name !== "string" || name === "")
    return { outcome: "invalid", errors: [{ pointer: "/metadata/name", detail: "required" }] };
  const namespace = typeof d.metadata?.namespace === "string" ? d.metadata.namespace : defaultNamespace;
  return {
    outcome: "resource",
    resource: { apiVersion: "", kind, namespace, name, labels: {}, annotations: {}, spec: {} },
    warnings: [],
  };
}

/** The line of the node a JSON pointer names (its key, for a map entry), or of its nearest parent that exists. */
function lineOfPointer(doc: Document, pointer: string, line: (offset: number) => number): number | undefined {
  const path = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  for (let n = path.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    const last = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
      if (pair && isScalar(pair.key) && pair.key.range) return line(pair.key.range[0]);
    } else if (isSeq(parent) && typeof last === "number") {
      const item = parent.items[last] as { range?: [number, number, number] } | undefined;
      if (item?.range) return line(item.range[0]);
    }
  }
  const root = doc.contents as { range?: [number, number, number] } | null;
  return root?.range ? line(root.range[0]) : undefined;
}
