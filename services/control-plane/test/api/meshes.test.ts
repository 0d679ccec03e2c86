import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestControlPlane } from "../harness.ts";

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(() => cp.stop());

describe("meshes", () => {
  it("creates a mesh with its own trust domain and default settings", async () => {
    const { client } = await signedUpClient(cp.url);
    const a = await client.post("/v1/meshes", { name: "prod", description: "production" });
    const b = await client.post("/v1/meshes", { name: "staging" });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ name: "prod", description: "production", configVersion: 1 });
    expect(a.body.settings).toEqual({
      mtls: { mode: "strict" },
      certificates: { ttl: "24h" },
      ca: { type: "builtin" },
      egress: { mode: "allow" },
      defaultPolicy: "allow",
    });
    expect(a.body.trustDomain).toMatch(/^prod\.[0-9a-f]{10}\.trellis\.mesh$/);
    expect(a.body.trustDomain).not.toBe(b.body.trustDomain);
    expect(a.headers.get("etag")).toMatch(/^"v1\.[0-9a-z]+"$/);
  });

  it("a second mesh with the same name is a conflict; another org may reuse the name", async () => {
    const one = await signedUpClient(cp.url);
    const two = await signedUpClient(cp.url);
    await one.client.post("/v1/meshes", { name: "dup" });
    const again = await one.client.post("/v1/meshes", { name: "dup" });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already exists/);
    expect((await two.client.post("/v1/meshes", { name: "dup" })).status).toBe(201);
  });

  it("refuses a name that is not a DNS label and a certificate lifetime outside 1h–7d", async () => {
    const { client } = await signedUpClient(cp.url);
    const bad = await client.post("/v1/meshes", { name: "Not_A_Label" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].pointer).toBe("/name");
    const ttl = await client.post("/v1/meshes", { name: "ttl", settings: { certificates: { ttl: "200h" } } });
    expect(ttl.status).toBe(422);
    expect(ttl.body.errors[0].pointer).toBe("/settings/certificates/ttl");
  });

  it("PATCH of settings bumps the config version; a stale If-Match is a 412", async () => {
    const { client } = await signedUpClient(cp.url);
    const created = await client.post("/v1/meshes", { name: "m" });
    const v1 = created.headers.get("etag")!;
    const patched = await client.patch(
      "/v1/meshes/m",
      { settings: { mtls: { mode: "permissive" } } },
      { "if-match": v1 },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.configVersion).toBe(2);
    expect(patched.body.settings.mtls.mode).toBe("permissive");
    const stale = await client.patch("/v1/meshes/m", { description: "late" }, { "if-match": v1 });
    expect(stale.status).toBe(412);
    expect(stale.body.detail).toContain(patched.headers.get("etag")!);
    const settings = await client.get("/v1/meshes/m/resources/MeshSettings/default");
    expect(settings.body.spec.mtls.mode).toBe("permissive");
  });

  it("a description edit moves the ETag, so a concurrent editor's If-Match fails (no lost update)", async () => {
    const { client } = await signedUpClient(cp.url);
    const created = await client.post("/v1/meshes", { name: "desc" });
    const seenByBoth = created.headers.get("etag")!;
    const first = await client.patch("/v1/meshes/desc", { description: "one" }, { "if-match": seenByBoth });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).not.toBe(seenByBoth);
    const second = await client.patch("/v1/meshes/desc", { description: "two" }, { "if-match": seenByBoth });
    expect(second.status).toBe(412);
    expect((await client.get("/v1/meshes/desc")).body.description).toBe("one");
  });

  it("lists with cursor pagination across pages", async () => {
    const { client } = await signedUpClient(cp.url);
    for (const name of ["a", "b", "c", "d", "e"]) await client.post("/v1/meshes", { name });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.get(`/v1/meshes?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.items.map((m: { name: string }) => m.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["a", "b", "c", "d", "e"]);
    const bad = await client.get("/v1/meshes?cursor=garbage");
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].pointer).toBe("/cursor");
  });

  it("a create replayed with the same Idempotency-Key answers the same ETag and Location", async () => {
    const { client } = await signedUpClient(cp.url);
    const send = () => client.post("/v1/meshes", { name: "replayed" }, { "idempotency-key": "mesh-k-1" });
    const first = await send();
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // Move the mesh on, so a replay that re-read the mesh would show another version.
    await client.patch("/v1/meshes/replayed", { description: "changed" });
    const replay = await send();
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(replay.headers.get("location")).toBe("/v1/meshes/replayed");
  });

  it("deleting a mesh removes it and its clusters", async () => {
    const { client } = await signedUpClient(cp.url);
    await client.post("/v1/meshes", { name: "gone" });
    await client.post("/v1/meshes/gone/clusters", { name: "c1" });
    expect((await client.delete("/v1/meshes/gone")).status).toBe(204);
    expect((await client.get("/v1/meshes/gone")).status).toBe(404);
    expect((await client.get("/v1/meshes/gone/clusters/c1")).status).toBe(404);
  });
});
