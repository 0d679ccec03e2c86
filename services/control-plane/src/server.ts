import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import type { Database } from "@trellis/db";
import { Registry } from "prom-client";
import { createApi } from "./api/app.ts";
import type { RouteDef } from "./api/route.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Context } from "./context.ts";
import { createChangeFeed } from "./domain/changes.ts";
import { randomBase62 } from "./ids.ts";
import { createLogger, type Logger } from "./observability/logger.ts";
import type { HubOptions } from "./tunnel/hub.ts";
import { createTunnelServer, type TunnelServer } from "./tunnel/server.ts";

export interface ControlPlane {
  ctx: Context;
  /** The tunnel server when the `tunnel` role is on (null otherwise). */
  tunnel: TunnelServer | null;
  /** Binds the roles' ports; resolves with where they listen. */
  listen(): Promise<{ apiUrl: string | null; tunnelUrl: string | null; tunnelPort: number | null }>;
  close(): Promise<void>;
}

export interface ControlPlaneOptions {
  database: Database;
  logger?: Logger;
  clock?: Clock;
  extraRoutes?: RouteDef[];
  /** Tunnel tuning and test hooks (debounce, reconcile interval, snapshot encoding). */
  tunnel?: HubOptions;
}

/** Builds the control plane on an open database; nothing listens until `listen()`. */
export async function createControlPlane(
  config: Config,
  options: ControlPlaneOptions,
): Promise<ControlPlane> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL, { service: "control-plane" });
  const replicaId = config.REPLICA_ID ?? `cp-${randomBase62(8)}`;
  const changes = createChangeFeed(options.database, (err) =>
    logger.error("change feed handler failed", { err }),
  );
  const ctx: Context = {
    config,
    database: options.database,
    db: options.database.db,
    logger: logger.child({ replica: replicaId }),
    clock: options.clock ?? systemClock,
    metrics: new Registry(),
    changes,
    replicaId,
  };
  await changes.start();
  const app = createApi(ctx, options.extraRoutes);
  let http: ServerType | undefined;
  const tunnel = config.TRELLIS_ROLES.includes("tunnel") ? createTunnelServer(ctx, options.tunnel) : null;

  return {
    ctx,
    tunnel,
    async listen() {
      const bound = tunnel ? await tunnel.listen() : null;
      const tunnelInfo = { tunnelUrl: bound?.url ?? null, tunnelPort: bound?.port ?? null };
      if (!config.TRELLIS_ROLES.includes("api")) return { apiUrl: null, ...tunnelInfo };
      http = await new Promise<ServerType>((resolve, reject) => {
        const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () =>
          resolve(server),
        );
        server.once("error", reject);
      });
      const { port } = http.address() as AddressInfo;
      const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
      return { apiUrl: `http://${host}:${port}`, ...tunnelInfo };
    },
    async close() {
      await tunnel?.close();
      await new Promise<void>((resolve) => {
        if (!http) return resolve();
        http.close(() => resolve());
        (http as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await changes.stop();
    },
  };
}
