import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database, isDatabaseUnavailable } from "../src/index.ts";
import { findPostgresBin, startPostgres, type ThrowawayPostgres } from "../src/testing/index.ts";

// While PostgreSQL is down every query must fail at once (the API turns that into a 503), not
// wait out the driver's reconnect backoff: postgres-js delays each new connection by a backoff
// that grows with every refused connect, up to 20 s, before even trying — so after a few
// refusals a request hung 10–20 s (the database-restart fault test timed out on it).
const bin = findPostgresBin();

describe.skipIf(!bin)("createDb while PostgreSQL is down", () => {
  let pg: ThrowawayPostgres;
  let database: Database;
  beforeAll(async () => {
    pg = await startPostgres(bin!);
    database = await createDb({ databaseUrl: pg.url, maxConnections: 2 }, { migrate: false });
    await database.db.execute(sql`select 1`);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    pg?.stop();
  });

  // Each query is a refused connect that raises the backoff; 30 in a row outlast the default
  // backoff by minutes, so the test's deadline (not a timing assertion) catches a regression.
  it("fails every query promptly as unavailable, however many connects were refused", async () => {
    pg.halt();
    try {
      for (let i = 0; i < 30; i++) {
        const err = await database.db.execute(sql`select 1`).then(
          () => null,
          (e: unknown) => e,
        );
        expect(isDatabaseUnavailable(err), String(err)).toBe(true);
      }
    } finally {
      pg.resume();
    }
    // Back up: serves again (a connection cut by the halt may fail once more on first use).
    let served = false;
    for (let i = 0; i < 10 && !served; i++)
      served = await database.db.execute(sql`select 1`).then(
        () => true,
        () => false,
      );
    expect(served).toBe(true);
  }, 30_000);
});
