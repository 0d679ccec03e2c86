import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import type { AcmPcaClientOptions } from "@trellis/ca";
import { createBillingRuntime } from "@trellis/core/billing";
import { createCaRuntime, loadKek } from "@trellis/core/ca";
import { createChangeFeed } from "@trellis/core/changes";
import { type Clock, systemClock } from "@trellis/core/clock";
import { sealStoredSecrets } from "@trellis/core/crypto";
import type { Database } from "@trellis/core/database";
import { randomBase62 } from "@trellis/core/ids";
import { observeConnectedTunnels, trackConfigCommits } from "@trellis/core/observability";
import { TapRelay } from "@trellis/core/tap";
import { Registry } from "prom-client";
import { createApi } from "./api/app.ts";
import type { RouteDef } from "./api/route.ts";
import type { Config } from "./config.ts";
import type { Context } from "./context.ts";
import { type BillingJob, startBillingJob } from "./jobs/billing.ts";
import { type CaWorker, startCaWorker } from "./jobs/ca-worker.ts";
import { startWorker, type Worker } from "./jobs/worker.ts";
import { createLogger, type Logger } from "./observability/logger.ts";
import type { HubOptions } from "./tunnel/hub.ts";
import { createTunnelServer, type TunnelServer } from "./tunnel/server.ts";
import { HeldStreams } from "./tunnel/streams.ts";

export interface ControlPlane {
  ctx: Context;
  /** The tunnel server when the `tunnel` role is on (null otherwise). */
  tunnel: TunnelServer | null;
  /** The periodic jobs when the `worker` role is on, once listening (null otherwise). */
  worker: Worker | null;
  /** The billing job (usage ledger → Stripe meter) when the `worker` role is on, once listening. */
  billingJob: BillingJob | null;
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
  /** ACM Private CA client options (credentials, retries); default the AWS SDK's chain. */
  acmPca?: AcmPcaClientOptions;
}

/**
 * The API's bounds on slow clients: the request head within LISTENER_HANDSHAKE_TIMEOUT_MS
 * (else 408 and close), the whole request within a minute; checked every second. Responses
 * (SSE taps included) are not bounded by these.
 */
function httpLimits(config: Config) {
  const headersTimeout = config.LISTENER_HANDSHAKE_TIMEOUT_MS;
  return {
    headersTimeout,
    requestTimeout: Math.max(60_000, headersTimeout + 1000),
    connectionsCheckingInterval: Math.min(1000, headersTimeout),
  };
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
  const metrics = new Registry();
  const replicaLogger = logger.child({ replica: replicaId });
  // The domain's port to connectors: the tunnel fills it; it stays empty without that role.
  const streams = new HeldStreams();
  const taps = new TapRelay(
    { database: options.database, logger: replicaLogger, metrics, replicaId },
    streams,
  );
  const ca = createCaRuntime(config, await loadKek(config, replicaLogger), {
    database: options.database,
    logger: replicaLogger,
    connectors: streams,
    ...(options.acmPca ? { acmPca: options.acmPca } : {}),
  });
  const ctx: Context = {
    config,
    database: options.database,
    db: options.database.db,
    logger: replicaLogger,
    clock: options.clock ?? systemClock,
    metrics,
    changes,
    ca,
    taps,
    billing: await createBillingRuntime(config),
    replicaId,
  };
  await sealStoredSecrets(ctx);
  await changes.start();
  await taps.start();
  await ca.commands.start();
  let caWorker: CaWorker | null = null;
  let billingJob: BillingJob | null = null;
  const stopCommitTracking = trackConfigCommits(ctx);
  observeConnectedTunnels(metrics, () => streams.size);
  let worker: Worker | null = null;
  const app = createApi(ctx, options.extraRoutes);
  let http: ServerType | undefined;
  const tunnel = config.TRELLIS_ROLES.includes("tunnel")
    ? createTunnelServer(ctx, streams, options.tunnel)
    : null;

  return {
    ctx,
    tunnel,
    get worker() {
      return worker;
    },
    get billingJob() {
      return billingJob;
    },
    async listen() {
      if (config.TRELLIS_ROLES.includes("worker")) worker ??= startWorker(ctx);
      if (config.TRELLIS_ROLES.includes("worker")) caWorker ??= startCaWorker(ctx);
      if (config.TRELLIS_ROLES.includes("worker")) billingJob ??= startBillingJob(ctx);
      const bound = tunnel ? await tunnel.listen() : null;
      const tunnelInfo = { tunnelUrl: bound?.url ?? null, tunnelPort: bound?.port ?? null };
      if (!config.TRELLIS_ROLES.includes("api")) return { apiUrl: null, ...tunnelInfo };
      http = await new Promise<ServerType>((resolve, reject) => {
        const server = serve(
          { fetch: app.fetch, port: config.PORT, hostname: config.HOST, serverOptions: httpLimits(config) },
          () => resolve(server),
        );
        server.once("error", reject);
      });
      const { port } = http.address() as AddressInfo;
      const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
      return { apiUrl: `http://${host}:${port}`, ...tunnelInfo };
    },
    async close() {
      await worker?.stop();
      await caWorker?.stop();
      await billingJob?.stop();
      await tunnel?.close();
      await taps.stop();
      await ca.commands.stop();
      stopCommitTracking();
      await new Promise<void>((resolve) => {
        if (!http) return resolve();
        http.close(() => resolve());
        (http as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await changes.stop();
    },
  };
}
