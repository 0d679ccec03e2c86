import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@trellis/db/testing";
import { Registry } from "prom-client";
import type { Actor } from "../actor.ts";
import { signup } from "../auth/signup.ts";
import { createBillingRuntime } from "../billing/runtime.ts";
import { createCaRuntime } from "../ca/runtime.ts";
import { createChangeFeed } from "../changes.ts";
import { type Clock, systemClock } from "../clock.ts";
import { coreConfigSchema } from "../config.ts";
import type { ConnectorCommands, Context, Logger } from "../context.ts";
import { TapRelay } from "../tap/relay.ts";

export interface TestCore {
  ctx: Context;
  database: TestDatabase;
  stop(): Promise<void>;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/**
 * A core Context on a fresh database of its own (the run's PostgreSQL, or PGlite), with no
 * transport: connector commands go to `connectors` (none by default). For verb tests that
 * need no HTTP or tunnel; settings are `env`-style values over the defaults.
 */
export async function createTestContext(
  options: { env?: Record<string, string>; clock?: Clock; connectors?: ConnectorCommands } = {},
): Promise<TestCore> {
  const database = await createTestDatabase();
  const config = coreConfigSchema.parse(options.env ?? {});
  const metrics = new Registry();
  const connectors = options.connectors ?? { streamsOf: () => [] };
  const replicaId = `test-${randomBytes(4).toString("hex")}`;
  const changes = createChangeFeed(database);
  const ctx: Context = {
    config,
    database,
    db: database.db,
    logger: silent,
    clock: options.clock ?? systemClock,
    metrics,
    changes,
    ca: createCaRuntime(config, randomBytes(32), { database, logger: silent, connectors }),
    taps: new TapRelay({ database, logger: silent, metrics, replicaId }, connectors),
    billing: await createBillingRuntime(config),
    replicaId,
  };
  await changes.start();
  return {
    ctx,
    database,
    async stop() {
      await changes.stop();
      await database.drop();
    },
  };
}

/** Signs up a fresh user with their own org and returns them as the org's owner. */
export async function ownerOf(ctx: Context, orgName = "Acme"): Promise<Actor> {
  const email = `owner-${randomBytes(6).toString("hex")}@example.com`;
  const { response } = await signup(ctx, { email, password: "correct horse battery staple", orgName }, null);
  return {
    orgId: response.org.id,
    role: "owner",
    userId: response.user.id,
    tokenId: null,
    label: email,
    via: "session",
  };
}
