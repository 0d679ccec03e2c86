import type { Command } from "./command.ts";
import { apply } from "./commands/apply.ts";
import { billing } from "./commands/billing.ts";
import { check } from "./commands/check.ts";
import { cluster } from "./commands/cluster.ts";
import { completeWords, completion } from "./commands/completion.ts";
import { context } from "./commands/context.ts";
import { del } from "./commands/delete.ts";
import { get } from "./commands/get.ts";
import { inject } from "./commands/inject.ts";
import { install } from "./commands/install.ts";
import { login, logout, whoami } from "./commands/login.ts";
import { mesh } from "./commands/mesh.ts";
import { stat } from "./commands/stat.ts";
import { sync } from "./commands/sync.ts";
import { tap } from "./commands/tap.ts";
import { top } from "./commands/top.ts";
import { explain } from "./connect.ts";
import { exitCodes, UsageError } from "./exit-codes.ts";
import { paint, type Terminal } from "./terminal.ts";

export const version = "0.1.0";

/** Every command, in `trellis --help` order; one per line, so adding one is a one-line change. */
export const commands: Command[] = [
  login,
  logout,
  whoami,
  context,
  mesh,
  cluster,
  apply,
  get,
  del,
  check,
  sync,
  stat,
  top,
  tap,
  install,
  inject,
  completion,
  completeWords,
  billing,
];

/** `trellis --help`. */
export const mainUsage = `trellis — the Trellis service mesh CLI

Usage: trellis <command> [flags]

Commands:
${commands
  .filter((c) => !c.name.startsWith("__"))
  .map((c) => `  ${c.name.padEnd(11)} ${c.summary}`)
  .join("\n")}

Run \`trellis <command> --help\` for a command's flags. Every command takes -o json.
Environment: TRELLIS_CONTEXT, TRELLIS_URL, TRELLIS_TOKEN, TRELLIS_MESH, TRELLIS_CONFIG_DIR, TRELLIS_TUNNEL_URL, NO_COLOR.
Exit codes: 0 ok, 1 failure, 2 usage error, 3 not available (control plane too old), 4 not logged in / not allowed.`;

/** Runs one command line; resolves with the exit code. Every error is printed here, once. */
export async function run(argv: string[], term: Terminal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    term.err(mainUsage);
    return exitCodes.usage;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    term.out(mainUsage);
    return exitCodes.ok;
  }
  if (name === "--version" || name === "version") {
    term.out(`trellis ${version}`);
    return exitCodes.ok;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`, mainUsage);
    return await command.run(rest, term);
  } catch (err) {
    if (err instanceof UsageError) {
      term.err(`${paint(term, "red", "error:")} ${err.message}\n\n${err.usage}`);
      return exitCodes.usage;
    }
    const e = explain(err);
    term.err(`${paint(term, "red", "error:")} ${e.message}`);
    if (e.hint) term.err(`${paint(term, "blue", "hint:")} ${e.hint}`);
    return e.exitCode;
  }
}
