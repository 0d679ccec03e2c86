import type { Clock } from "@trellis/core/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signedUpClient,
  startTestControlPlane,
  TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";

let cp: TestControlPlane;
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
beforeAll(async () => {
  cp = await startTestControlPlane({ clock });
});
afterAll(() => cp.stop());

describe("API tokens", () => {
  it("shows the secret once and never again", async () => {
    const { client } = await signedUpClient(cp.url);
    const created = await client.post("/v1/tokens", { name: "deploy", role: "member", expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^trl_pat_/);
    expect(created.body.prefix).toBe(created.body.token.slice(0, 12));
    const list = await client.get("/v1/tokens");
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
  });

  it("a revoked token stops working at once", async () => {
    const { client } = await signedUpClient(cp.url);
    const created = await client.post("/v1/tokens", { name: "x", role: "viewer" });
    const tokenUser = new TestClient(cp.url, created.body.token);
    expect((await tokenUser.get("/v1/me")).status).toBe(200);
    expect((await client.delete(`/v1/tokens/${created.body.id}`)).status).toBe(204);
    const after = await tokenUser.get("/v1/me");
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/revoked/);
  });

  it("an expired token is refused and says so", async () => {
    const { client } = await signedUpClient(cp.url);
    const created = await client.post("/v1/tokens", { name: "short", role: "viewer", expiresInDays: 1 });
    const tokenUser = new TestClient(cp.url, created.body.token);
    expect((await tokenUser.get("/v1/me")).status).toBe(200);
    offsetMs = 2 * 86_400_000;
    try {
      const res = await tokenUser.get("/v1/me");
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/expired/);
    } finally {
      offsetMs = 0;
    }
  });

  it("an unknown token is a 401", async () => {
    expect((await new TestClient(cp.url, "trl_pat_nope").get("/v1/me")).status).toBe(401);
  });

  it("nobody mints a token above their own role", async () => {
    const { client } = await signedUpClient(cp.url);
    const admin = await tokenClient(client, "admin");
    const res = await admin.post("/v1/tokens", { name: "escalate", role: "owner" });
    expect(res.status).toBe(403);
    const member = await tokenClient(client, "member");
    expect((await member.post("/v1/tokens", { name: "m", role: "viewer" })).status).toBe(403);
  });

  it("replays a create sent twice with the same Idempotency-Key", async () => {
    const { client } = await signedUpClient(cp.url);
    const first = await client.post(
      "/v1/tokens",
      { name: "once", role: "viewer" },
      { "idempotency-key": "k-1" },
    );
    const second = await client.post(
      "/v1/tokens",
      { name: "once", role: "viewer" },
      { "idempotency-key": "k-1" },
    );
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect((await client.get("/v1/tokens")).body.items).toHaveLength(1);
    const other = await client.post(
      "/v1/tokens",
      { name: "different", role: "viewer" },
      { "idempotency-key": "k-1" },
    );
    expect(other.status).toBe(422);
  });
});
