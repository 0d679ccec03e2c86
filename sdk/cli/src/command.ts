import { exitCodes } from "./exit-codes.ts";
import type { Terminal } from "./terminal.ts";

/** One `trellis <name>` command. */
export interface Command {
  name: string;
  /** One line for `trellis --help`. */
  summary: string;
  /** The full usage, printed by `--help` and with every usage error. */
  usage: string;
  /** Runs it; resolves with the exit code (or throws a CliError). */
  run(argv: string[], term: Terminal): Promise<number>;
}

/** Shared usage lines of the connection flags. */
export const connectHelp = `
Connection:
  --context <name>   a stored context (default: TRELLIS_CONTEXT, then the current one)
  --url <url>        control plane API URL (default: TRELLIS_URL, then the context's)
  --token <token>    API token (default: TRELLIS_TOKEN, then the context's)
  -o, --output <f>   output format`;

/** Prints a usage text to stdout (asked for with --help, so not an error). */
export function help(term: Terminal, usage: string): number {
  term.out(usage);
  return exitCodes.ok;
}
