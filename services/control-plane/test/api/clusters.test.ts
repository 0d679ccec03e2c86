import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestControlPlane } from "../harness.ts";

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(() => cp.stop());

describe("clusters", () => {
  it("returns a one-time join token that expires in 24 hours and is stored only hashed", async () => {
    const { client } = await signedUpClient(cp.url);
    await client.post("/v1/meshes", { name: "prod" });
    const res = await client.post("/v1/meshes/prod/clusters", { name: "east" });
    expect(res.status).toBe(201);
    expect(res.body.cluster).toMatchObject({
      name: "east",
      mesh: "prod",
      connected: false,
      appliedVersion: null,
      desiredVersion: 1,
    });
    expect(res.body.joinToken.token).toMatch(/^trl_join_/);
    const ttlMs = new Date(res.body.joinToken.expiresAt).getTime() - Date.now();
    expect(ttlMs).toBeGreaterThan(23 * 3_600_000);
    expect(ttlMs).toBeLessThanOrEqual(24 * 3_600_000);
    const rows = await cp.database.db.execute("select token_hash from join_tokens");
    expect(JSON.stringify(rows)).not.toContain(res.body.joinToken.token);
    const again = await client.get("/v1/meshes/prod/clusters/east");
    expect(JSON.stringify(again.body)).not.toContain("trl_join_");
  });

  it("a duplicate cluster name in one mesh is a conflict", async () => {
    const { client } = await signedUpClient(cp.url);
    await client.post("/v1/meshes", { name: "prod" });
    await client.post("/v1/meshes/prod/clusters", { name: "east" });
    expect((await client.post("/v1/meshes/prod/clusters", { name: "east" })).status).toBe(409);
  });

  it("issues a new join token, revokes and deletes", async () => {
    const { client } = await signedUpClient(cp.url);
    await client.post("/v1/meshes", { name: "prod" });
    const first = await client.post("/v1/meshes/prod/clusters", { name: "east" });
    const second = await client.post("/v1/meshes/prod/clusters/east/join-token");
    expect(second.status).toBe(201);
    expect(second.body.token).not.toBe(first.body.joinToken.token);
    const revoked = await client.post("/v1/meshes/prod/clusters/east/revoke");
    expect(revoked.body.revokedAt).not.toBeNull();
    const list = await client.get("/v1/meshes/prod/clusters");
    expect(list.body.items).toHaveLength(1);
    expect((await client.delete("/v1/meshes/prod/clusters/east")).status).toBe(204);
    expect((await client.get("/v1/meshes/prod/clusters/east")).status).toBe(404);
  });

  it("a cluster in an unknown mesh is not found", async () => {
    const { client } = await signedUpClient(cp.url);
    const res = await client.post("/v1/meshes/nope/clusters", { name: "east" });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe("mesh nope was not found");
  });
});
