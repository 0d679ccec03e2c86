import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../src/create-db.ts";
import { schema } from "../src/index.ts";
import { createTestDatabase } from "../src/testing/index.ts";

describe("createTestDatabase", async () => {
  const database = await createTestDatabase();
  afterAll(() => database.drop());

  it("gives a migrated database with every table", async () => {
    const rows = await database.db.execute(
      sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    );
    const n = (Array.isArray(rows) ? rows[0] : (rows as { rows: { n: number }[] }).rows[0]) as { n: number };
    expect(n.n).toBeGreaterThanOrEqual(14);
  });

  it("enforces one mesh name per org", async () => {
    await database.db.insert(schema.orgs).values({ id: "org_a", name: "A" });
    const mesh = { orgId: "org_a", name: "prod", trustDomain: "" };
    await database.db.insert(schema.meshes).values({ ...mesh, id: "mesh_1", trustDomain: "td1" });
    await expect(
      database.db.insert(schema.meshes).values({ ...mesh, id: "mesh_2", trustDomain: "td2" }),
    ).rejects.toThrow();
  });

  it("delivers NOTIFY to a listener", async () => {
    const received: string[] = [];
    const unlisten = await database.listen("trellis_test", (p) => received.push(p));
    await database.notify("trellis_test", "hello");
    const deadline = Date.now() + 5000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await unlisten();
    expect(received).toEqual(["hello"]);
  });
});

describe("createDb on an embedded PGlite data folder", () => {
  it("a new folder is created and migrated (then reopened to shed initdb's memory); a second open keeps the data", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "trellis-pglite-")), "pglite");
    try {
      const first = await createDb({ dataDir: dir });
      await first.db.insert(schema.orgs).values({ id: "org_kept", name: "Kept" });
      await first.close();
      const again = await createDb({ dataDir: dir });
      const rows = await again.db.select().from(schema.orgs);
      expect(rows.map((r) => r.id)).toEqual(["org_kept"]);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
