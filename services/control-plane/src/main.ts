import { createDb } from "@trellis/core/database";
import { ConfigError, parseConfig, pgliteDir } from "./config.ts";
import { createLogger } from "./observability/logger.ts";
import { createControlPlane } from "./server.ts";

// The trellis-control-plane binary: config from the environment, then every role in one process by default.
async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL, { service: "control-plane" });
  const database = config.DATABASE_URL
    ? await createDb({ databaseUrl: config.DATABASE_URL })
    : await createDb({ dataDir: pgliteDir(config) });
  logger.info("database ready", {
    kind: database.kind,
    ...(database.kind === "pglite" ? { dir: pgliteDir(config) } : {}),
  });
  const cp = await createControlPlane(config, { database, logger });
  const { apiUrl, tunnelUrl } = await cp.listen().catch((err: NodeJS.ErrnoException) => {
    if (err.code === "EADDRINUSE" || /EADDRINUSE|No address added/.test(String(err.message))) {
      console.error(
        `port ${config.PORT} or tunnel port ${config.TUNNEL_PORT} is already in use; set PORT / TUNNEL_PORT to free ports`,
      );
      process.exit(2);
    }
    throw err;
  });
  logger.info("control plane listening", { apiUrl, tunnelUrl, roles: config.TRELLIS_ROLES });
  const stop = async () => {
    await cp.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

await main();
