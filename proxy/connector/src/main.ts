// The trellis-connector process: parse config, build, run until a signal or revocation.

import { createLogger } from "@trellis/proxy-core/logger";
import { ConfigError, parseConfig } from "./config.ts";
import { build } from "./program.ts";

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

process.exitCode = await main();
// gRPC and fs watchers can keep handles alive after stop(); the process is done.
process.exit();
