/** Structured JSON logs, one line per event, to stderr by default (DESIGN §7). */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = {
  [L in LogLevel]: (msg: string, fields?: Record<string, unknown>) => void;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function jsonLogger(
  minLevel: LogLevel = "info",
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const emit =
    (level: LogLevel) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (rank[level] < rank[minLevel]) return;
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level, component: "connector", msg, ...fields })}\n`,
      );
    };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Error text for logs without stack noise. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
