import {
  formatProblem,
  parseDocuments,
  readSources,
  type SkippedDocument,
  type SourcedDocument,
} from "./documents.ts";
import { CliError, exitCodes, UsageError } from "./exit-codes.ts";
import { ref } from "./kinds.ts";
import { readStdin } from "./prompt.ts";
import { paint, type Terminal } from "./terminal.ts";

export interface Loaded {
  documents: SourcedDocument[];
  skipped: SkippedDocument[];
}

/**
 * Reads and validates every `-f` target before anything reaches the server; exits 1 with
 * every problem if any is invalid. What is not for a mesh is reported on stderr and left
 * out, unless `strict`: then it is a problem too, and nothing is applied.
 */
export async function loadDocuments(
  term: Terminal,
  files: string[],
  usage: string,
  options: { mode?: "apply" | "names"; strict?: boolean } = {},
): Promise<Loaded> {
  const loaded: Loaded = { documents: [], skipped: [] };
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
      const parsed = parseDocuments(file, text, options.mode ?? "apply");
      loaded.documents.push(...parsed.documents);
      loaded.skipped.push(...parsed.skipped);
      problems.push(...parsed.problems.map(formatProblem));
    }
  }
  const notForMesh = [
    ...loaded.skipped.map((s) => ({ at: `${s.file}:${s.line}`, text: s.message, skipped: true })),
    ...loaded.documents.flatMap((d) =>
      d.warnings.map((w) => ({ at: `${d.file}:${d.line}`, text: `${describe(d)}: ${w}`, skipped: false })),
    ),
  ];
  for (const m of notForMesh) {
    if (options.strict) problems.push(`${m.at}: ${m.text} (--strict refuses what is not for a mesh)`);
    else term.err(`${paint(term, "yellow", "!")} ${m.at}: ${m.skipped ? "skipped " : ""}${m.text}`);
  }
  if (problems.length > 0)
    throw new CliError(
      problems.join("\n"),
      exitCodes.failure,
      `nothing was changed: fix the ${problems.length === 1 ? "problem" : `${problems.length} problems`} above and run again`,
    );
  if (loaded.documents.length === 0 && loaded.skipped.length === 0)
    throw new UsageError(`no documents found in ${files.join(", ")}`, usage);
  return loaded;
}

const describe = (d: SourcedDocument) => ref(d.resource.kind, d.resource.name, d.resource.namespace);
