import { createDb, type Database, schema } from "@trellis/db";
import { findPostgresBin, startPostgres, type ThrowawayPostgres } from "@trellis/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "../context.ts";
import { AckBatcher } from "./ack-batcher.ts";
import { recordAcks } from "./record-answer.ts";

/** How postgres-js reports a connection cut under a query. */
const connectionClosed = () =>
  Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" });

describe("AckBatcher", () => {
  it("writes ACKs that arrive together as one batch", async () => {
    const writes: unknown[] = [];
    const batcher = new AckBatcher(async (acks) => {
      writes.push(acks);
    });
    await Promise.all([batcher.add("a", 1), batcher.add("b", 1)]);
    expect(writes).toEqual([
      [
        { clusterId: "a", version: 1 },
        { clusterId: "b", version: 1 },
      ],
    ]);
  });

  it("tries a batch again while the database is away, and the ACK resolves once it lands", async () => {
    let attempts = 0;
    const retried: number[] = [];
    const batcher = new AckBatcher(
      async () => {
        if (++attempts < 3) throw connectionClosed();
      },
      { retryDelaysMs: [1], onRetry: (_err, attempt) => retried.push(attempt) },
    );
    await batcher.add("a", 7);
    expect(attempts).toBe(3);
    expect(retried).toEqual([1, 2]);
  });

  it("does not retry what another attempt cannot fix: the ACK's promise rejects with it", async () => {
    let attempts = 0;
    const batcher = new AckBatcher(async () => {
      attempts++;
      throw new Error('column "applied_versoin" does not exist');
    });
    await expect(batcher.add("a", 1)).rejects.toThrow(/applied_versoin/);
    expect(attempts).toBe(1);
  });
});

// The same on a real PostgreSQL that is stopped when the ACK arrives and started again a
// little later: the cluster ends up with the version its connector applied.
const bin = findPostgresBin();

describe.skipIf(!bin)("an ACK that arrives while PostgreSQL is down", () => {
  let pg: ThrowawayPostgres;
  let database: Database;
  let ctx: Context;
  beforeAll(async () => {
    pg = await startPostgres(bin!);
    database = await createDb({ databaseUrl: pg.url, maxConnections: 2 });
    await database.db.insert(schema.orgs).values({ id: "org_a", name: "A" });
    await database.db
      .insert(schema.meshes)
      .values({ id: "msh_a", orgId: "org_a", name: "shop", trustDomain: "shop.test" });
    await database.db
      .insert(schema.clusters)
      .values({ id: "clu_east", orgId: "org_a", meshId: "msh_a", name: "east" });
    // recordAcks reads only the database and the clock.
    ctx = { db: database.db, clock: { now: () => new Date() } } as Context;
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    pg?.stop();
  });

  it("is recorded once the database is back", async () => {
    let failures = 0;
    const batcher = new AckBatcher((acks) => recordAcks(ctx, acks), {
      retryDelaysMs: [200],
      onRetry: () => {
        // Bring it back after a few refused attempts.
        if (++failures === 3) pg.resume();
      },
    });
    pg.halt();
    await batcher.add("clu_east", 1);
    expect(failures).toBeGreaterThanOrEqual(3);
    const [row] = await database.db
      .select({ v: schema.clusters.appliedVersion })
      .from(schema.clusters)
      .where(eq(schema.clusters.id, "clu_east"));
    expect(row!.v).toBe(1);
  }, 60_000);
});
