import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database, Db } from "./database.ts";
import * as schema from "./schema/index.ts";

/**
 * The migrations, found through the package (its `./migrations` export is the journal in
 * `drizzle/meta/`) rather than beside this file: in a bundled bin this code is elsewhere.
 */
export const migrationsFolder = dirname(
  dirname(createRequire(import.meta.url).resolve("@trellis/db/migrations")),
);

export type DbOptions =
  | { databaseUrl: string; maxConnections?: number }
  | { dataDir: string }
  | { memory: true };

/**
 * Opens the database: PostgreSQL through the `postgres` driver when a URL is given,
 * otherwise embedded PGlite in `dataDir` (or in memory), and applies pending migrations.
 */
export async function createDb(options: DbOptions, { migrate = true } = {}): Promise<Database> {
  if ("databaseUrl" in options) {
    const database = openPostgres(options.databaseUrl, options.maxConnections);
    if (migrate) await runMigrations(database);
    return database;
  }
  const fresh = "dataDir" in options && !existsSync(join(options.dataDir, "PG_VERSION"));
  const database = await openPglite(options);
  if (migrate) await runMigrations(database);
  if (!fresh) return database;
  // PGlite's initdb grows its WebAssembly memory to ~700 MB, which never shrinks while the
  // instance lives: on a new data folder, close and reopen (a second or two, once) and the
  // first `npm start` idles like every later one (~220 MB instead of ~700).
  await database.close();
  return openPglite(options);
}

export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === "postgres") await migratePostgres(database.db as never, { migrationsFolder });
  else {
    const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
    await migratePglite(database.db as never, { migrationsFolder });
  }
}

function openPostgres(url: string, max = 10): Database {
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    connection: { application_name: "trellis" },
    // A request during a failover fails (503, retried) after this, not the driver's 30 s.
    connect_timeout: 10,
    backoff: reconnectBackoffSeconds,
  });
  const db = drizzlePostgres(sql, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    notify: async (channel, payload) => {
      await sql.notify(channel, payload);
    },
    listen: async (channel, onPayload) => {
      const sub = await sql.listen(channel, onPayload);
      return () => sub.unlisten();
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

/**
 * The wait before a pooled connection connects again after it closed. postgres-js waits this
 * *before* trying, so a query during an outage waits it out before it can fail; the driver's
 * default grows with every refused connect up to 20 s, which held API requests 10–20 s instead
 * of answering 503 at once. Capped at 1 s (jittered), below the 2 s Retry-After clients honour;
 * connects stay paced by the requests that need them.
 */
export function reconnectBackoffSeconds(retries: number): number {
  return (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 1);
}

/** PGlite (WebAssembly PostgreSQL) loads only when chosen: a control plane on PostgreSQL never pays for it. */
async function openPglite(options: { dataDir: string } | { memory: true }): Promise<Database> {
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
  ]);
  if ("dataDir" in options) mkdirSync(options.dataDir, { recursive: true });
  // PostgreSQL's default 128 MB of shared buffers is touched memory in PGlite's WebAssembly
  // heap (which never shrinks); 16 MB holds the embedded (demo, single-org) working set and
  // keeps ~110 MB off the `npm start` control plane's RSS (issue 14 item 5).
  const pgOptions = { startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"] };
  const client = "dataDir" in options ? new PGlite(options.dataDir, pgOptions) : new PGlite(pgOptions);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    notify: async (channel, payload) => {
      await client.query("select pg_notify($1, $2)", [channel, payload]);
    },
    listen: async (channel, onPayload) => client.listen(channel, onPayload),
    close: () => client.close(),
  };
}
