import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database, isDatabaseUnavailable } from "../src/index.ts";
import { findPostgresBin, startPostgres, type ThrowawayPostgres } from "../src/testing/index.ts";

// While PostgreSQL is down every query must fail at once (the API turns that into a 503), not
// wait out the driver's reconnect backoff: postgres-js delays each new connection by a backoff
// that grows with every refused connect, up to 20 s, before even trying — so after a few
// refusals a request hung 10–20 s (the database-restart fault test timed out on it).
const bin = findPostgresBin();

/** `work`, or a failure naming what never settled once `ms` have passed (a hang, not a slow answer). */
async function settlesWithin<T>(work: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what()} never settled`)), ms);
  });
  return Promise.race([work, hung]).finally(() => clearTimeout(timer));
}

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

// postgres-js 3.4.x ended the process when PostgreSQL went away mid-work: a transaction's
// ROLLBACK was written to a closed connection (TypeError from a timer), and the array-type
// lookup after a connect rejected with nobody listening. scripts/patch-postgres-js.mjs mends
// both (run by npm ci); without it this test fails with an uncaught error within a few cycles.
describe.skipIf(!bin)("createDb through repeated PostgreSQL restarts under transactions", () => {
  let pg: ThrowawayPostgres;
  let database: Database;
  beforeAll(async () => {
    pg = await startPostgres(bin!);
    database = await createDb({ databaseUrl: pg.url, maxConnections: 4 }, { migrate: false });
    await database.listen("trellis_outage", () => {});
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    pg?.stop();
  });

  it("keeps the process up and serves again after each restart", async () => {
    let stop = false;
    let served = 0;
    let cycle = 0;
    const started = Date.now();
    // What each worker waits on, so a query that never settles is named, not a bare timeout.
    const waiting: (string | undefined)[] = [];
    const work = Array.from({ length: 4 }, async (_, i) => {
      while (!stop) {
        waiting[i] =
          `${i % 2 === 0 ? "transaction" : "query"} sent in cycle ${cycle}, ${Date.now() - started} ms in`;
        const run =
          i % 2 === 0
            ? database.db.transaction(async (tx) => {
                await tx.execute(sql`select 1`);
                await tx.execute(sql`select pg_sleep(0.002)`);
              })
            : database.db.execute(sql`select 1`);
        await run.then(
          () => served++,
          () => new Promise((r) => setTimeout(r, 5)), // down: try again shortly
        );
        waiting[i] = undefined;
      }
    });
    try {
      for (; cycle < 8; cycle++) {
        const before = served;
        // Under load before each halt (a deadline, not a fixed wait).
        const deadline = Date.now() + 10_000;
        while (served < before + 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        pg.halt();
        pg.resume();
      }
    } finally {
      stop = true;
      // Every worker ends once its query settles; one that never does is a hung query.
      await settlesWithin(Promise.all(work), 45_000, () => `a query (${waiting.filter(Boolean).join("; ")})`);
    }
    let back = false;
    for (let i = 0; i < 20 && !back; i++)
      back = await database.db
        .transaction(async (tx) => tx.execute(sql`select 1`))
        .then(
          () => true,
          () => false,
        );
    expect(back).toBe(true);
  }, 120_000);
});

// postgres-js 3.4.x: a connection that closed with an error (its backend killed in the middle
// of a transaction) kept the query it was running and the ROLLBACK queued after the error;
// reconnected, it queued every later query behind them and never answered again. With a pool
// of four, four such transactions left nothing: every query waited forever (once in CI, in
// the restart test above). The install patch rejects whatever is pending on close.
describe.skipIf(!bin)("createDb when a transaction's connection is killed", () => {
  let pg: ThrowawayPostgres;
  let database: Database;
  let admin: Database;
  beforeAll(async () => {
    pg = await startPostgres(bin!);
    database = await createDb({ databaseUrl: pg.url, maxConnections: 4 }, { migrate: false });
    admin = await createDb({ databaseUrl: pg.url, maxConnections: 1 }, { migrate: false });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await admin?.close();
    pg?.stop();
  });

  it("gives every connection back: queries are served after more such kills than the pool has", async () => {
    for (let i = 0; i < 6; i++) {
      const tx = database.db.transaction(async (t) => {
        const rows = (await t.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
        await admin.db.execute(sql`select pg_terminate_backend(${rows[0]!.pid})`);
        await t.execute(sql`select 1`);
      });
      await settlesWithin(
        tx.then(
          () => "committed",
          (e: unknown) => e,
        ),
        20_000,
        () => `killed transaction ${i + 1}`,
      );
      // More queries at once than the pool has connections: each needs one back.
      const queries = Array.from({ length: 6 }, () =>
        database.db.execute(sql`select 1`).catch(() => database.db.execute(sql`select 1`)),
      );
      await settlesWithin(Promise.all(queries), 20_000, () => `queries after ${i + 1} killed transactions`);
    }
  }, 120_000);
});
