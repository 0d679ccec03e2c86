import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./exit-codes.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Flags every API command accepts. */
export const connectOptions = {
  url: { type: "string" },
  token: { type: "string" },
  context: { type: "string" },
  output: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

/** Plus the mesh, for mesh-scoped commands. */
export const meshOptions = {
  ...connectOptions,
  mesh: { type: "string", short: "m" },
} as const satisfies Options;

/**
 * Parses a command's arguments strictly (unknown flags are usage errors) and checks the
 * number of positionals. Every failure is a `UsageError` carrying the command's usage.
 */
export function parseCommand<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
  positionals: { min: number; max: number; names?: string },
) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional.*$/s, ""), usage);
  }
  const n = parsed.positionals.length;
  if (!(parsed.values as { help?: boolean }).help) {
    if (n < positionals.min) throw new UsageError(`missing ${positionals.names ?? "argument"}`, usage);
    if (n > positionals.max)
      throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`, usage);
  }
  return parsed;
}

/** The `-o` value, checked against what the command can print. */
export function outputFormat<F extends string>(
  value: string | undefined,
  allowed: readonly F[],
  usage: string,
): F {
  const format = (value ?? allowed[0]) as F;
  if (!allowed.includes(format))
    throw new UsageError(`-o must be one of ${allowed.join(", ")}, got "${value}"`, usage);
  return format;
}

/** `30s`, `2m`, `500ms` or plain seconds → milliseconds. */
export function parseDurationMs(value: string, flag: string, usage: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!m) throw new UsageError(`${flag} must be a duration like 30s, 2m or 500ms, got "${value}"`, usage);
  const n = Number(m[1]);
  return Math.round(m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000);
}
