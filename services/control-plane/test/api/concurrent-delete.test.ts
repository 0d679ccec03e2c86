import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";

// Found by test/fuzz: a mesh deleted while other requests work under it made them 500 (a
// foreign key gone, a version bump on no row). They answer 404 or 409 now, never 500.
let cp: TestControlPlane;
let owner: TestClient;
beforeAll(async () => {
  cp = await startTestControlPlane();
  owner = (await signedUpClient(cp.url)).client;
});
afterAll(() => cp.stop());

const route = { spec: { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web" }] }] } };

describe("requests racing a mesh's deletion", () => {
  it("answer 404 or 409, never a 500", async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 8; round++) {
      const mesh = `race-${round}`;
      expect((await owner.post("/v1/meshes", { name: mesh })).status).toBe(201);
      expect((await owner.post(`/v1/meshes/${mesh}/clusters`, { name: "c0" })).status).toBe(201);
      const replies = await Promise.all([
        owner.post(`/v1/meshes/${mesh}/clusters`, { name: "c1" }),
        owner.post(`/v1/meshes/${mesh}/clusters/c0/join-token`),
        owner.patch(`/v1/meshes/${mesh}`, { settings: { certificates: { ttl: "12h" } } }),
        owner.put(`/v1/meshes/${mesh}/resources/HTTPRoute/r1`, route),
        owner.delete(`/v1/meshes/${mesh}`),
        owner.post(`/v1/meshes/${mesh}/clusters`, { name: "c2" }),
        owner.put(`/v1/meshes/${mesh}/resources/HTTPRoute/r2`, route),
        owner.patch(`/v1/meshes/${mesh}`, { description: "late" }),
      ]);
      statuses.push(...replies.map((r) => r.status));
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses).toContain(204);
  });
});
