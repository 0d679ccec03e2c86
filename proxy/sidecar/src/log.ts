/** Structured JSON logs on stderr, one line each. */
export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const;

export function createLogger(level: keyof typeof levels, base: Record<string, unknown> = {}): Logger {
  const min = levels[level];
  const emit = (
    lvl: Exclude<keyof typeof levels, "silent">,
    msg: string,
    fields?: Record<string, unknown>,
  ) => {
    if (levels[lvl] < min) return;
    process.stderr.write(
      `${JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...base, ...fields })}\n`,
    );
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}
