import { createDb } from "@trellis/core/database";
import { findPostgresBin, startPostgres, type ThrowawayPostgres } from "@trellis/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signedUpClient,
  startTestControlPlane,
  TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";
import { waitFor } from "../wait-for.ts";

// Issue 13 §4: while PostgreSQL is down or restarting the API answers 503 with Retry-After
// (never a 500), and serves again once it is back. (test/faults restarts it under SDK writes.)
const bin = findPostgresBin();

describe.skipIf(!bin)("a database outage", () => {
  let pg: ThrowawayPostgres;
  let cp: TestControlPlane;
  let owner: TestClient;
  let token: string;

  beforeAll(async () => {
    pg = await startPostgres(bin!);
    const database = await createDb({ databaseUrl: pg.url, maxConnections: 4 });
    cp = await startTestControlPlane({
      database: { ...database, url: pg.url, drop: () => database.close() },
    });
    owner = (await signedUpClient(cp.url)).client;
    token = (await tokenClient(owner, "admin")).token!;
    expect((await owner.post("/v1/meshes", { name: "before" })).status).toBe(201);
  });
  afterAll(async () => {
    await cp?.stop();
    await cp?.database.close();
    pg?.stop();
  });

  it("answers 503 problem+json with Retry-After while the database is down", async () => {
    pg.halt();
    try {
      const api = new TestClient(cp.url, token);
      for (const res of [
        await api.get("/v1/meshes"),
        await api.post("/v1/meshes", { name: "refused" }),
        await new TestClient(cp.url).post("/v1/auth/login", {
          email: "a@example.com",
          password: "whatever-it-is",
        }),
      ]) {
        expect(res.status, JSON.stringify(res.body)).toBe(503);
        expect(res.headers.get("retry-after")).toBe("2");
        expect(res.headers.get("content-type")).toContain("application/problem+json");
        expect(res.body.code).toBe("unavailable");
      }
      expect((await fetch(`${cp.url}/readyz`)).status).toBe(503);
    } finally {
      pg.resume();
    }
  });

  it("serves again once the database is back, every acknowledged write kept", async () => {
    const api = new TestClient(cp.url, token);
    await waitFor(async () => (await api.get("/v1/meshes")).status === 200, {
      what: "the API to reconnect to the database",
      timeoutMs: 20_000,
    });
    expect((await api.post("/v1/meshes", { name: "after" })).status).toBe(201);
    const names = (await api.get("/v1/meshes")).body.items.map((m: { name: string }) => m.name).sort();
    expect(names).toEqual(["after", "before"]);
  });
});
