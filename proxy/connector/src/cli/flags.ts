import type { z } from "zod";
import { ConfigError } from "../config.ts";

/**
 * Flags of a subcommand (`--flag value` or `--flag=value`) → a zod-validated object.
 * Errors name the flag, as the connector's own flags do.
 */
export function parseFlags<S extends z.ZodType>(
  command: string,
  argv: readonly string[],
  flags: Record<string, string>,
  schema: S,
): z.infer<S> {
  const input: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const field = flags[flag];
    if (!field)
      throw new ConfigError(`${command}: unknown flag ${flag} (known: ${Object.keys(flags).join(", ")})`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new ConfigError(`${command}: ${flag} needs a value`);
    input[field] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    const flag = Object.entries(flags).find(([, f]) => f === field)?.[0] ?? field;
    const message =
      issue.code === "invalid_type" && input[field] === undefined ? "is required" : issue.message;
    throw new ConfigError(`${command}: ${flag} ${message}`);
  }
  return result.data;
}
