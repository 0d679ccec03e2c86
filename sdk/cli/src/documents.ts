import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import {
  fieldErrorsFromZod,
  type ResourceDocument,
  resourceDocumentSchema,
  validateResourceSpec,
} from "@trellis/protocol/resources";
import { pointerToPath } from "@trellis/sdk";
import { type Document, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";

/** One resource document read from a file, with where it came from. */
export interface SourcedDocument {
  /** The file name as the user gave it (`-` for stdin). */
  file: string;
  /** The 1-based line the document starts on. */
  line: number;
  document: ResourceDocument;
  /** The spec with the kind's defaults filled in, as the server will store it. */
  normalizedSpec: Record<string, unknown>;
  /** Finds the line of a JSON pointer into this document (the nearest existing parent). */
  lineOf(pointer: string): number;
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

/**
 * Parses YAML or JSON (several documents separated by `---`) and validates each one as
 * the API would: the document shape, then the spec of its kind. Returns the documents
 * or every problem, each pointing at its file, line and field.
 */
export function parseDocuments(
  file: string,
  text: string,
  /** `names`: only kind and name matter (for delete), the spec is not validated. */
  mode: "apply" | "names" = "apply",
): { documents: SourcedDocument[]; problems: DocumentProblem[] } {
  const counter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const documents: SourcedDocument[] = [];
  const problems: DocumentProblem[] = [];
  const name = file;
  for (const doc of docs) {
    const line = (offset: number) => counter.linePos(offset).line;
    if (doc.errors.length > 0) {
      for (const e of doc.errors)
        problems.push({ file: name, line: line(e.pos[0]), path: "", message: e.message.split("\n")[0]! });
      continue;
    }
    // An empty document, e.g. a trailing `---` or one holding only comments.
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    const start = line((doc.contents as { range?: [number, number, number] }).range?.[0] ?? doc.range[0]);
    const lineOf = (pointer: string) => lineOfPointer(doc, pointer, line) ?? start;
    const value = doc.toJS();
    const shape = resourceDocumentSchema.safeParse(value);
    if (!shape.success) {
      for (const e of fieldErrorsFromZod(shape.error))
        problems.push({
          file: name,
          line: lineOf(e.pointer),
          path: pointerToPath(e.pointer),
          message: e.detail,
        });
      continue;
    }
    const spec =
      mode === "names"
        ? { ok: true as const, spec: shape.data.spec }
        : validateResourceSpec(shape.data.kind, shape.data.metadata.name, shape.data.spec);
    if (!spec.ok) {
      for (const e of spec.errors) {
        const pointer = e.pointer === "/name" ? "/metadata/name" : e.pointer;
        problems.push({ file: name, line: lineOf(pointer), path: pointerToPath(pointer), message: e.detail });
      }
      continue;
    }
    documents.push({
      file: name,
      line: start,
      document: shape.data,
      normalizedSpec: spec.spec as Record<string, unknown>,
      lineOf,
    });
  }
  return { documents, problems };
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
