import { run } from "./cli.ts";
import { processTerminal } from "./terminal.ts";

// The bin's entry: runs one command line and exits with its code.
process.exitCode = await run(process.argv.slice(2), processTerminal());
