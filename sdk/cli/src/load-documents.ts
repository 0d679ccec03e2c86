import {
  formatProblem,
  parseDocuments,
  readSources,
  type SkippedDocument,
  type SourcedDocument,
} from "./documents.ts";
import { CliError, exitCodes, UsageError } from "./exit-codes.ts";
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
    const sources = await readSources(target, readStdin).catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(
        `cannot read ${target}: ${err.code === "ENOENT" ? "no such file or directory" : err.message}`,
        usage,
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
    ...loaded.skipped.map((s) => `${s.file}:${s.line}: skipped ${s.message}`),
    ...loaded.documents.flatMap((d) => d.warnings.map((w) => `${d.file}:${d.line}: ${w}`)),
  ];
  if (options.strict) problems.push(...notForMesh.map((m) => `${m} (--strict)`));
  else for (const m of notForMesh) term.err(`${paint(term, "yellow", "!")} ${m}`);
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
