import type { Command } from "../command.ts";
import { CliError, exitCodes } from "../exit-codes.ts";

/** A command whose API does not exist yet: says so and exits 3 (not available). */
function notYet(name: string, summary: string, usageLine: string): Command {
  const usage = `Usage: ${usageLine}\n\n${summary}. Needs the observability API, which the control plane does not offer yet.`;
  return {
    name,
    summary: `${summary} (not available yet)`,
    usage,
    async run() {
      throw new CliError(
        `trellis ${name} needs the observability API (not yet available)`,
        exitCodes.notAvailable,
        "use the proxies' /metrics endpoints meanwhile",
      );
    },
  };
}

/** `trellis stat <service>`: golden metrics. */
export const stat = notYet("stat", "Golden metrics of a service", "trellis stat <service> [--mesh <mesh>]");
/** `trellis top`: a refreshing view of the busiest routes. */
export const top = notYet("top", "Refreshing view of the busiest services", "trellis top [--mesh <mesh>]");
/** `trellis tap <service>`: live requests. */
export const tap = notYet(
  "tap",
  "Stream live requests of a service",
  "trellis tap <service> [--mesh <mesh>]",
);
