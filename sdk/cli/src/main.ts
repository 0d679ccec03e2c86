import { run } from "./cli.ts";
import { processTerminal } from "./terminal.ts";

// The bin's entry: runs one command line and exits with its code.

// A reader that went away (`trellis tap … | head`) ends the command quietly, as it would
// end a Unix tool, rather than with an EPIPE stack trace.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await run(process.argv.slice(2), processTerminal());
