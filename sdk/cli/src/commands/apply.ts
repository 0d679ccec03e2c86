import {
  type MeshResource,
  NotFoundError,
  pointerToPath,
  type TrellisClient,
  ValidationError,
  type WithEtag,
} from "@trellis/sdk";
import { meshOptions, parseCommand } from "../args.ts";
import { canonicalYaml, sameJson } from "../canonical.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect, explain } from "../connect.ts";
import { diffLines } from "../diff.ts";
import { formatProblem, parseDocuments, readSources, type SourcedDocument } from "../documents.ts";
import { CliError, exitCodes, UsageError } from "../exit-codes.ts";
import { ref } from "../kinds.ts";
import { resolveMesh } from "../mesh-scope.ts";
import { json } from "../output.ts";
import { readStdin } from "../prompt.ts";
import { paint, type Terminal } from "../terminal.ts";

const usage = `Usage: trellis apply -f <file|dir|-> [-f …] [--mesh <mesh>] [--dry-run] [-o json]

Creates or updates the resources described in YAML or JSON documents (several per file,
separated by ---), each like:

  apiVersion: trellis.dev/v1
  kind: HTTPRoute
  metadata: { name: web }
  spec: { … }

Every document is validated locally first; if any is invalid nothing is applied and each
problem is printed as file:line: field: message.

  -f, --filename <p>  a file, a directory (its .yaml/.yml/.json files) or - for stdin
  --dry-run           print what would change (a diff against the server), change nothing
  -m, --mesh <mesh>   the mesh (default: TRELLIS_MESH, else the org's only mesh)
${connectHelp} (json)`;

type Action = "created" | "configured" | "unchanged" | "failed";

/** Reads and validates every `-f` target; exits 1 with all problems before touching the server. */
export async function loadDocuments(
  files: string[],
  mode: "apply" | "names" = "apply",
): Promise<SourcedDocument[]> {
  const documents: SourcedDocument[] = [];
  const problems: string[] = [];
  for (const target of files) {
    // The command line was fine; the file is not: say which, without the whole usage.
    const sources = await readSources(target, readStdin).catch((err: NodeJS.ErrnoException) => {
      throw new CliError(
        `cannot read ${target}: ${err.code === "ENOENT" ? "no such file or directory" : err.message}`,
        exitCodes.failure,
        "-f takes a file, a directory of .yaml/.yml/.json files, or - for stdin",
      );
    });
    for (const { file, text } of sources) {
      const parsed = parseDocuments(file, text, mode);
      documents.push(...parsed.documents);
      problems.push(...parsed.problems.map(formatProblem));
    }
  }
  if (problems.length > 0)
    throw new CliError(
      problems.join("\n"),
      exitCodes.failure,
      `nothing was changed: fix the ${problems.length === 1 ? "problem" : `${problems.length} problems`} above and run again`,
    );
  if (documents.length === 0) throw new UsageError(`no documents found in ${files.join(", ")}`, usage);
  return documents;
}

async function current(
  client: TrellisClient,
  mesh: string,
  d: SourcedDocument,
): Promise<WithEtag<MeshResource> | undefined> {
  try {
    return await client.resources(mesh).get(d.document.kind, d.document.metadata.name);
  } catch (err) {
    if (err instanceof NotFoundError && !err.routeMissing) return undefined;
    throw err;
  }
}

/** `trellis apply -f`. */
export const apply: Command = {
  name: "apply",
  summary: "Create or update resources from YAML/JSON files",
  usage,
  async run(argv, term) {
    const { values } = parseCommand(
      argv,
      {
        ...meshOptions,
        filename: { type: "string", short: "f", multiple: true },
        "dry-run": { type: "boolean" },
      },
      usage,
      { min: 0, max: 0 },
    );
    if (values.help) return help(term, usage);
    if (!values.filename?.length) throw new UsageError("give the documents with -f <file|dir|->", usage);
    if (values.output !== undefined && values.output !== "json")
      throw new UsageError("-o must be json", usage);
    const documents = await loadDocuments(values.filename);
    const { client } = await connect(values, term.env);
    const mesh = await resolveMesh(client, values.mesh, term.env, usage);
    const results: { kind: string; name: string; action: Action; generation?: number; error?: string }[] = [];
    for (const d of documents) {
      const { kind, metadata } = d.document;
      const before = await current(client, mesh, d);
      const unchanged = before !== undefined && sameJson(before.spec, d.normalizedSpec);
      const action: Action = before === undefined ? "created" : unchanged ? "unchanged" : "configured";
      if (values["dry-run"]) {
        results.push({ kind, name: metadata.name, action });
        if (values.output !== "json") {
          term.out(paint(term, "bold", `${ref(kind, metadata.name)} ${action} (dry run)`));
          if (!unchanged) printDiff(term, before?.spec, d.normalizedSpec);
        }
        continue;
      }
      if (unchanged) {
        results.push({ kind, name: metadata.name, action, generation: before.generation });
        if (values.output !== "json") term.out(`${ref(kind, metadata.name)} unchanged`);
        continue;
      }
      try {
        const put = await client
          .resources(mesh)
          .put(
            kind,
            metadata.name,
            d.document.spec as never,
            before ? { ifMatch: before.etag } : { ifNoneMatch: "*" },
          );
        results.push({ kind, name: metadata.name, action, generation: put.generation });
        if (values.output !== "json") term.out(`${ref(kind, metadata.name)} ${action}`);
      } catch (err) {
        const message = describeFailure(err, d);
        results.push({ kind, name: metadata.name, action: "failed", error: message });
        term.err(`${paint(term, "red", "✖")} ${message}`);
      }
    }
    if (values.output === "json") term.out(json({ mesh, dryRun: values["dry-run"] ?? false, results }));
    return results.some((r) => r.action === "failed") ? exitCodes.failure : exitCodes.ok;
  },
};

/** A server-side failure, pointed at the document's line when the server named a field. */
function describeFailure(err: unknown, d: SourcedDocument): string {
  const name = ref(d.document.kind, d.document.metadata.name);
  if (err instanceof ValidationError && err.fields.length > 0)
    return err.fields
      .map((f) => {
        const pointer = f.pointer === "/name" ? "/metadata/name" : f.pointer;
        return formatProblem({
          file: d.file,
          line: d.lineOf(pointer),
          path: pointerToPath(pointer),
          message: f.detail,
        });
      })
      .join("\n");
  const e = explain(err);
  return `${d.file}:${d.line}: ${name}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`;
}

function printDiff(term: Terminal, before: unknown, after: unknown): void {
  for (const line of diffLines(canonicalYaml(before), canonicalYaml(after))) {
    if (line.op === "+") term.out(paint(term, "green", `+ ${line.text}`));
    else if (line.op === "-") term.out(paint(term, "red", `- ${line.text}`));
    else term.out(`  ${line.text}`);
  }
}
