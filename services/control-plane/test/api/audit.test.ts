import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestControlPlane } from "../harness.ts";

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(() => cp.stop());

describe("audit log", () => {
  it("records actor, action, target and request id of every mutation, newest first", async () => {
    const { client, email } = await signedUpClient(cp.url);
    const mesh = await client.post("/v1/meshes", { name: "prod" }, { "x-request-id": "req_trace_me_1234" });
    await client.put("/v1/meshes/prod/resources/HTTPRoute/r", {
      spec: { parentRefs: [{ name: "a" }], rules: [{ backendRefs: [{ name: "a" }] }] },
    });
    const log = await client.get("/v1/audit");
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual([
      "resource.create",
      "mesh.create",
      "org.create",
    ]);
    const meshEntry = log.body.items[1];
    expect(meshEntry).toMatchObject({
      actorLabel: email,
      target: mesh.body.id,
      requestId: "req_trace_me_1234",
    });
  });

  it("pages through entries and shows only the caller's org", async () => {
    const a = await signedUpClient(cp.url);
    const b = await signedUpClient(cp.url);
    for (const name of ["m1", "m2", "m3"]) await a.client.post("/v1/meshes", { name });
    const first = await a.client.get("/v1/audit?limit=2");
    const second = await a.client.get(`/v1/audit?limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((e: { action: string }) => e.action)).toEqual([
      "mesh.create",
      "mesh.create",
      "mesh.create",
      "org.create",
    ]);
    expect((await b.client.get("/v1/audit")).body.items).toHaveLength(1);
  });
});
