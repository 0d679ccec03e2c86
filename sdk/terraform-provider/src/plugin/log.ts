// Log lines for Terraform's log (TF_LOG=debug shows them): go-plugin hosts read the
// plugin's real stderr and parse hclog's JSON lines, so we write those to fd 2 directly
// (process.stderr itself is relayed through GRPCStdio).
import { writeSync } from "node:fs";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/** A logger writing hclog JSON lines to a file descriptor (2: the real stderr). */
export function hclogLogger(fd = 2): Logger {
  return (level, message, fields = {}) => {
    const line = JSON.stringify({
      "@level": level,
      "@message": message,
      "@module": "trellis",
      "@timestamp": new Date().toISOString(),
      ...fields,
    });
    try {
      writeSync(fd, `${line}\n`);
    } catch {
      // the host went away; nothing useful to do with a log line
    }
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = () => {};
