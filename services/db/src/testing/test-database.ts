import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb } from "../create-db.ts";
import type { Database } from "../database.ts";
import { findPostgresBin } from "./find-postgres.ts";
import { startPostgres } from "./start-postgres.ts";

export interface TestDatabase extends Database {
  /** The URL of this test's own database (undefined on PGlite). */
  url: string | undefined;
  drop(): Promise<void>;
}

const template = "trellis_template";

/**
 * A fresh, migrated database of its own for one test file: a copy of a migrated template
 * on the run's PostgreSQL, or an in-memory PGlite when the run uses PGlite.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const target = await testDatabaseTarget();
  if (target === "pglite") {
    const database = await createDb({ memory: true });
    return { ...database, url: undefined, drop: () => database.close() };
  }
  const admin = postgres(target, { max: 1, onnotice: () => {} });
  const name = `t_${randomBytes(6).toString("hex")}`;
  try {
    await ensureTemplate(admin, target);
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(target, name);
  const database = await createDb({ databaseUrl: url, maxConnections: 5 }, { migrate: false });
  return {
    ...database,
    url,
    drop: async () => {
      await database.close();
      const a = postgres(target, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await a.end();
    },
  };
}

async function ensureTemplate(admin: postgres.Sql, target: string): Promise<void> {
  // Test files run in parallel workers: one builds the template under an advisory lock.
  await admin`select pg_advisory_lock(727274)`;
  try {
    const exists = await admin`select 1 from pg_database where datname = ${template}`;
    if (exists.length > 0) return;
    await admin.unsafe(`create database ${template}`);
    const db = await createDb({ databaseUrl: withDatabase(target, template), maxConnections: 1 });
    await db.close();
  } finally {
    await admin`select pg_advisory_unlock(727274)`;
  }
}

let standalone: Promise<string> | undefined;

/** Outside the vitest global setup (e.g. a script), start a cluster on demand. */
async function testDatabaseTarget(): Promise<string> {
  const chosen = process.env.TRELLIS_TEST_DATABASE;
  if (chosen) return chosen;
  standalone ??= (async () => {
    const bin = findPostgresBin();
    if (!bin) return "pglite";
    const cluster = await startPostgres(bin);
    process.once("exit", () => cluster.stop());
    return cluster.url;
  })();
  return standalone;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
