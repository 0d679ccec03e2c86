import { findPostgresBin } from "./find-postgres.ts";
import { startPostgres, type ThrowawayPostgres } from "./start-postgres.ts";

// Chooses the database for the whole test run, once: DATABASE_URL when given, else a
// throwaway PostgreSQL cluster, else PGlite (loudly). Workers read TRELLIS_TEST_DATABASE.
let cluster: ThrowawayPostgres | undefined;

export default async function setup(): Promise<() => void> {
  if (process.env.TRELLIS_TEST_DB === "pglite") {
    process.env.TRELLIS_TEST_DATABASE = "pglite";
    console.log("[test db] PGlite (TRELLIS_TEST_DB=pglite)");
  } else if (process.env.DATABASE_URL) {
    process.env.TRELLIS_TEST_DATABASE = process.env.DATABASE_URL;
    console.log("[test db] PostgreSQL from DATABASE_URL");
  } else {
    const bin = findPostgresBin();
    if (bin) {
      cluster = await startPostgres(bin);
      process.env.TRELLIS_TEST_DATABASE = cluster.url;
      console.log(`[test db] throwaway PostgreSQL from ${bin} at ${cluster.url}`);
    } else {
      process.env.TRELLIS_TEST_DATABASE = "pglite";
      console.warn("[test db] NO PostgreSQL found (initdb/pg_ctl): falling back to PGlite");
    }
  }
  return () => cluster?.stop();
}
