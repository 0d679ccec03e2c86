import type { Fields, Logger } from "@trellis/core/context";

export type { Logger };

/** Structured JSON logs, one object per line (the core's Logger port). Never log secrets. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger(
  level: LogLevel,
  base: Fields = {},
  write = (line: string) => process.stderr.write(`${line}\n`),
): Logger {
  const log = (at: Exclude<LogLevel, "silent">) => (msg: string, fields?: Fields) => {
    if (order[at] < order[level]) return;
    write(
      JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...base, ...fields }, errorReplacer),
    );
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
