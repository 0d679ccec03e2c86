// The trellis-connector process: parse config, build, run until a signal or revocation —
// or one of the workload-side subcommands (xds-bootstrap, envoy-bootstrap, cert-agent).
import { createLogger } from "@trellis/proxy-core/logger";
import { ConfigError, parseConfig } from "./config.ts";

/** Exit codes: 0 clean stop, 1 start failure, 2 bad flags, 3 credential refused (revoked). */
async function main(): Promise<number> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`trellis-connector: ${err.message}\n`);
    return 2;
  }
  const log = createLogger(config.logLevel, { component: "connector" });
  const { build } = await import("./program.ts");
  const connector = build(config, { logger: log });
  const done = new Promise<number>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        log.info("stopping", { signal });
        resolve(0);
      });
    }
    connector.events.on("fatal", (message) => {
      log.error("exiting: the control plane refused this connector", { error: message });
      resolve(3);
    });
  });
  try {
    await connector.start();
  } catch (err) {
    log.error("could not start", { error: err instanceof Error ? err.message : String(err) });
    await connector.stop();
    return 1;
  }
  const code = await done;
  await connector.stop();
  return code;
}

// Loaded on demand: a bootstrap command should not pay for the Kubernetes client.
const subcommands: Record<string, (argv: string[]) => Promise<unknown>> = {
  "xds-bootstrap": async (argv) => (await import("./cli/bootstrap-commands.ts")).xdsBootstrapCommand(argv),
  "envoy-bootstrap": async (argv) =>
    (await import("./cli/bootstrap-commands.ts")).envoyBootstrapCommand(argv),
  "cert-agent": async (argv) => (await import("./cli/cert-agent-command.ts")).certAgentCommand(argv),
};

/** Exit codes of a subcommand: 0 done, 1 failed, 2 bad flags. */
async function subcommand(run: (argv: string[]) => Promise<unknown>, argv: string[]): Promise<number> {
  try {
    const result = await run(argv);
    return typeof result === "number" ? result : 0;
  } catch (err) {
    process.stderr.write(`trellis-connector ${(err as Error).message}\n`);
    return err instanceof ConfigError ? 2 : 1;
  }
}

const first = process.argv[2] ?? "";
const command = subcommands[first];
if (!command && first && !first.startsWith("-")) {
  process.stderr.write(
    `trellis-connector: unknown command ${first} (commands: ${Object.keys(subcommands).join(", ")})\n`,
  );
  process.exitCode = 2;
} else process.exitCode = command ? await subcommand(command, process.argv.slice(3)) : await main();
// gRPC and fs watchers can keep handles alive after stop(); the process is done.
process.exit();
