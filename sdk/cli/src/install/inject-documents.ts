import {
  type InjectionSettings,
  type JsonPatchOp,
  type PodLike,
  planInjection,
} from "@trellis/protocol/install";
import { type Document, isSeq, LineCounter, parseAllDocuments } from "yaml";

/** Where the pod template sits in each kind `trellis inject` meshes. */
const podPaths: Record<string, string[]> = {
  "v1/Pod": [],
  "apps/v1/Deployment": ["spec", "template"],
  "apps/v1/StatefulSet": ["spec", "template"],
  "apps/v1/DaemonSet": ["spec", "template"],
};

export interface InjectReport {
  /** `deployment/web` and what happened to it. */
  lines: string[];
  /** `file:line: kind/name: reason` for documents that cannot be injected as written. */
  problems: string[];
  text: string;
}

/**
 * Injects every workload of a multi-document YAML stream, as the admission webhook would
 * (planInjection), editing the YAML in place so comments and the other documents stay as
 * written. Pure: text in, text out.
 */
export function injectDocuments(file: string, text: string, settings: InjectionSettings): InjectReport {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  const lines: string[] = [];
  const problems: string[] = [];
  const out: string[] = [];
  const all = Array.isArray(docs) ? docs : [];
  for (const [i, doc] of all.entries()) {
    const start = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? doc.range[0];
    const line = counter.linePos(start).line;
    if (doc.errors.length > 0) {
      problems.push(
        ...doc.errors.map((e) => `${file}:${counter.linePos(e.pos[0]).line}: ${e.message.split("\n")[0]}`),
      );
      continue;
    }
    const value = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } } | null;
    if (value === null) continue;
    // Documents that are not changed are printed exactly as written.
    out.push(withoutDocumentStart(text.slice(i === 0 ? 0 : all[i - 1]!.range[2], doc.range[2])));
    const name = `${String(value.kind ?? "?").toLowerCase()}/${value.metadata?.name ?? "?"}`;
    const path = podPaths[`${value.apiVersion}/${value.kind}`];
    if (!path) {
      lines.push(`${name}: not a workload, unchanged`);
      continue;
    }
    const pod = path.reduce<unknown>(
      (node, key) => (node as Record<string, unknown> | undefined)?.[key],
      value,
    );
    const plan = planInjection(
      pod as PodLike,
      settings,
      path.length ? { workloadName: value.metadata?.name ?? "" } : {},
    );
    if (plan.action === "invalid") problems.push(`${file}:${line}: ${name}: ${plan.reason}`);
    else if (plan.action === "skip") lines.push(`${name}: ${plan.reason}, unchanged`);
    else {
      applyToDocument(doc, path, plan.patch);
      out[out.length - 1] = doc.toString({ lineWidth: 0 }).replace(/^---\n/, "");
      lines.push(`${name}: injected`);
    }
  }
  return { lines, problems, text: out.join("---\n") };
}

/** Drops a document's `---` line (the output joins documents with its own), keeping comments above it. */
function withoutDocumentStart(chunk: string): string {
  const body = chunk.replace(/^((?:[ \t]*(?:#[^\n]*)?\n)*)---[^\n]*\n/, "$1");
  return body.endsWith("\n") ? body : `${body}\n`;
}

/** Applies the webhook's JSON Patch to a YAML document node by node (comments survive). */
function applyToDocument(doc: Document, prefix: string[], patch: JsonPatchOp[]): void {
  for (const op of patch) {
    const segments = op.path
      .split("/")
      .slice(1)
      .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
    const last = segments.pop()!;
    const parentPath = [...prefix, ...segments];
    const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
    if (op.op === "remove") {
      doc.deleteIn([...parentPath, last]);
    } else if (isSeq(parent)) {
      const node = doc.createNode(op.value);
      if (last === "-") parent.items.push(node);
      else if (op.op === "add") parent.items.splice(Number(last), 0, node);
      else parent.items[Number(last)] = node;
    } else {
      doc.setIn([...parentPath, last], doc.createNode(op.value));
    }
  }
}
