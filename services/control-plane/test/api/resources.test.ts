import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signedUpClient,
  startTestControlPlane,
  type TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";

let cp: TestControlPlane;
let client: TestClient;
beforeAll(async () => {
  cp = await startTestControlPlane();
  client = (await signedUpClient(cp.url)).client;
  await client.post("/v1/meshes", { name: "prod" });
});
afterAll(() => cp.stop());

const canary = (v1: number, v2: number) => ({
  spec: {
    parentRefs: [{ name: "catalog" }],
    rules: [
      {
        backendRefs: [
          { name: "catalog-v1", weight: v1 },
          { name: "catalog-v2", weight: v2 },
        ],
      },
    ],
  },
});

describe("mesh resources", () => {
  it("creates with 201 and an ETag, replaces with 200, and bumps the mesh config version", async () => {
    const created = await client.put("/v1/meshes/prod/resources/HTTPRoute/catalog", canary(90, 10));
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBe('"g1"');
    expect(created.body).toMatchObject({ kind: "HTTPRoute", name: "catalog", generation: 1, mesh: "prod" });
    const before = (await client.get("/v1/meshes/prod")).body.configVersion;
    const replaced = await client.put("/v1/meshes/prod/resources/HTTPRoute/catalog", canary(50, 50), {
      "if-match": '"g1"',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get("etag")).toBe('"g2"');
    expect((await client.get("/v1/meshes/prod")).body.configVersion).toBe(before + 1);
  });

  it("re-applying the same spec changes nothing", async () => {
    await client.put("/v1/meshes/prod/resources/HTTPRoute/same", canary(1, 1));
    const version = (await client.get("/v1/meshes/prod")).body.configVersion;
    const again = await client.put("/v1/meshes/prod/resources/HTTPRoute/same", canary(1, 1));
    expect(again.status).toBe(200);
    expect(again.body.generation).toBe(1);
    expect((await client.get("/v1/meshes/prod")).body.configVersion).toBe(version);
  });

  it("a stale If-Match is a 412 and leaves the resource as it was", async () => {
    await client.put("/v1/meshes/prod/resources/HTTPRoute/race", canary(1, 1));
    await client.put("/v1/meshes/prod/resources/HTTPRoute/race", canary(2, 1));
    const stale = await client.put("/v1/meshes/prod/resources/HTTPRoute/race", canary(3, 1), {
      "if-match": '"g1"',
    });
    expect(stale.status).toBe(412);
    const now = await client.get("/v1/meshes/prod/resources/HTTPRoute/race");
    expect(now.body.spec.rules[0].backendRefs[0].weight).toBe(2);
    const createOnly = await client.put("/v1/meshes/prod/resources/HTTPRoute/race", canary(1, 1), {
      "if-none-match": "*",
    });
    expect(createOnly.status).toBe(412);
  });

  it("names the field of a malformed weight", async () => {
    const res = await client.put("/v1/meshes/prod/resources/HTTPRoute/bad", canary(-1, 10));
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toEqual({
      pointer: "/spec/rules/0/backendRefs/0/weight",
      detail: expect.any(String),
    });
  });

  it("refuses a duplicate match and an unknown kind", async () => {
    const match = { path: { type: "Exact", value: "/a" } };
    const dup = await client.put("/v1/meshes/prod/resources/HTTPRoute/dup", {
      spec: {
        parentRefs: [{ name: "x" }],
        rules: [{ matches: [match, match], backendRefs: [{ name: "x" }] }],
      },
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors[0].detail).toMatch(/duplicates/);
    const unknown = await client.put("/v1/meshes/prod/resources/VirtualService/x", { spec: {} });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toMatch(/unknown resource kind "VirtualService"/);
  });

  it("accepts a route to a service nobody has discovered yet", async () => {
    const res = await client.put("/v1/meshes/prod/resources/HTTPRoute/future", {
      spec: {
        parentRefs: [{ name: "not-yet-deployed" }],
        rules: [{ backendRefs: [{ name: "not-yet-deployed" }] }],
      },
    });
    expect(res.status).toBe(201);
  });

  it("validates every policy kind", async () => {
    const ok = [
      ["RetryPolicy", { targetRef: { kind: "Service", name: "catalog" }, attempts: 3 }],
      [
        "CircuitBreaker",
        { targetRef: { kind: "Service", name: "catalog" }, outlierDetection: { consecutiveFailures: 5 } },
      ],
      [
        "AuthorizationPolicy",
        { targetRef: { kind: "Service", name: "catalog" }, rules: [{ from: [{ namespaces: ["web"] }] }] },
      ],
      ["RateLimit", { targetRef: { kind: "Service", name: "catalog" }, requests: 50 }],
      [
        "FaultInjection",
        { targetRef: { kind: "Service", name: "catalog" }, abort: { httpStatus: 503, percent: 10 } },
      ],
      [
        "GRPCRoute",
        { parentRefs: [{ name: "inventory" }], rules: [{ backendRefs: [{ name: "inventory" }] }] },
      ],
    ] as const;
    for (const [kind, spec] of ok) {
      const res = await client.put(`/v1/meshes/prod/resources/${kind}/p`, { spec });
      expect(res.status, `${kind}: ${JSON.stringify(res.body)}`).toBe(201);
    }
    const noop = await client.put("/v1/meshes/prod/resources/FaultInjection/empty", {
      spec: { targetRef: { kind: "Service", name: "x" } },
    });
    expect(noop.status).toBe(422);
    expect(noop.body.errors[0].detail).toMatch(/delay, an abort or both/);
  });

  it("lists by kind and across kinds with pagination, and deletes", async () => {
    const list = await client.get("/v1/meshes/prod/resources?limit=3");
    expect(list.body.items).toHaveLength(3);
    expect(list.body.nextCursor).not.toBeNull();
    let all = [...list.body.items];
    let cursor = list.body.nextCursor;
    while (cursor) {
      const page = await client.get(`/v1/meshes/prod/resources?limit=3&cursor=${cursor}`);
      all = all.concat(page.body.items);
      cursor = page.body.nextCursor;
    }
    const keys = all.map((r: { kind: string; name: string }) => `${r.kind}/${r.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain("MeshSettings/default");
    const routes = await client.get("/v1/meshes/prod/resources/HTTPRoute");
    expect(routes.body.items.every((r: { kind: string }) => r.kind === "HTTPRoute")).toBe(true);
    expect((await client.delete("/v1/meshes/prod/resources/HTTPRoute/future")).status).toBe(204);
    expect((await client.get("/v1/meshes/prod/resources/HTTPRoute/future")).status).toBe(404);
    expect((await client.delete("/v1/meshes/prod/resources/MeshSettings/default")).status).toBe(409);
  });

  it("a member may edit routes but not mesh settings", async () => {
    const member = await tokenClient(client, "member");
    expect((await member.put("/v1/meshes/prod/resources/HTTPRoute/by-member", canary(1, 1))).status).toBe(
      201,
    );
    expect((await member.put("/v1/meshes/prod/resources/MeshSettings/default", { spec: {} })).status).toBe(
      403,
    );
  });
});
