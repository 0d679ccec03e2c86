/** Structured JSON logs, one line per event, on stderr (DESIGN §7). */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = {
  [L in LogLevel]: (msg: string, fields?: Record<string, unknown>) => void;
};

const rank: Record<LogLevel | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * A logger writing `{time, level, msg, ...base, ...fields}` lines. `base` names the
 * component (and anything else every line carries); `write` replaces stderr in tests.
 */
export function createLogger(
  minLevel: LogLevel | "silent" = "info",
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const min = rank[minLevel];
  const emit =
    (level: LogLevel) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (rank[level] < min) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields })}\n`);
    };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Error text for logs without stack noise. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
