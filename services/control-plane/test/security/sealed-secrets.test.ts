import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signedUpClient,
  startTestControlPlane,
  TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";

// Issue 13 §1, the decisions behind the dump test: a replay of a create answers its secret
// again (sealed at rest, so a lost first answer is not a lost token), only to the caller
// that sent it; rows an earlier version stored in plain text are sealed at the next start.
let cp: TestControlPlane;
let owner: TestClient;
beforeAll(async () => {
  cp = await startTestControlPlane({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" } });
  owner = (await signedUpClient(cp.url)).client;
});
afterAll(() => cp.stop());

const rowsOf = (r: unknown) =>
  (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Record<string, unknown>[];
const query = async (text: string) => rowsOf(await cp.database.db.execute(text));

describe("sealed secrets", () => {
  it("a replayed token create answers the same, working token; the stored reply is sealed", async () => {
    const key = { "idempotency-key": "make-ci-token" };
    const first = await owner.post("/v1/tokens", { name: "ci", role: "member" }, key);
    const replay = await owner.post("/v1/tokens", { name: "ci", role: "member" }, key);
    expect(first.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.token).toBe(first.body.token);
    expect((await new TestClient(cp.url, replay.body.token).get("/v1/meshes")).status).toBe(200);
    const [row] = await query("select body::text as body from idempotency_keys where key = 'make-ci-token'");
    expect(String(row!.body)).toMatch(/^"sealed:v1:/);
    expect(String(row!.body)).not.toContain(first.body.token);
  });

  it("another caller replaying the key gets a 422, not the token", async () => {
    const key = { "idempotency-key": "admin-only" };
    const first = await owner.post("/v1/tokens", { name: "deploy", role: "admin" }, key);
    expect(first.status).toBe(201);
    const viewer = await tokenClient(owner, "viewer");
    const stolen = await viewer.post("/v1/tokens", { name: "deploy", role: "admin" }, key);
    expect(stolen.status).toBe(422);
    expect(JSON.stringify(stolen.body)).not.toContain(first.body.token);
  });

  it("rows stored in plain text by an earlier version are sealed at the next start, and still work", async () => {
    const hook = await owner.post(
      "/v1/webhooks",
      { url: "http://127.0.0.1:9/hook" },
      { "idempotency-key": "hook" },
    );
    expect(hook.status).toBe(201);
    // What the previous version wrote: the secret and the first reply in the clear.
    await cp.database.db.execute(
      `update webhooks set secret = '${hook.body.secret}' where id = '${hook.body.id}'`,
    );
    await cp.database.db.execute(
      `update idempotency_keys set body = '${JSON.stringify(hook.body).replaceAll("'", "''")}'::jsonb where key = 'hook'`,
    );
    const second = await startTestControlPlane({ database: cp.database });
    try {
      const [w] = await query(`select secret from webhooks where id = '${hook.body.id}'`);
      expect(String(w!.secret)).toMatch(/^sealed:v1:/);
      const dump = (await query("select t::text as row from idempotency_keys t"))
        .map((r) => r.row)
        .join("\n");
      expect(dump).not.toContain(hook.body.secret);
      // The reply (its fingerprint is this version's: same caller, same request) replays, secret and all.
      const replay = await owner.request(
        "POST",
        "/v1/webhooks",
        { url: "http://127.0.0.1:9/hook" },
        { "idempotency-key": "hook" },
      );
      expect(replay.body.secret).toBe(hook.body.secret);
    } finally {
      await second.stop();
    }
  });
});
