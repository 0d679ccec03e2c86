import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "../../src/api/routes/index.ts";
import {
  signedUpClient,
  startTestControlPlane,
  type TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";

// Walks the route table itself, so a new route is covered the day it is added.
let cp: TestControlPlane;
let ownerA: TestClient;
let outsider: TestClient;
let viewerA: TestClient;
let revoked: TestClient;

const fill = (path: string) =>
  path
    .replace(":mesh", "prod")
    .replace(":namespace", "shop")
    .replace(":cluster", "east")
    .replace(":kind", "HTTPRoute")
    .replace(":name", "web")
    .replace(":id", "tok_doesnotexist000000000");

const sampleBody: Record<string, unknown> = {
  "/v1/meshes": { name: "other" },
  "/v1/meshes/:mesh/clusters": { name: "west" },
  "/v1/tokens": { name: "t", role: "viewer" },
  "/v1/webhooks": { url: "https://example.com/hooks/trellis" },
  "/v1/members": { email: "someone@example.com", role: "viewer" },
  "/v1/members/:id": { role: "viewer" },
  "/v1/org": { confirm: "Org A" },
  "/v1/meshes/:mesh": { description: "x" },
  "/v1/meshes/:mesh/resources/:kind/:name": {
    spec: { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web" }] }] },
  },
  "/v1/meshes/:mesh/namespaces/:namespace/resources/:kind/:name": {
    spec: { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web" }] }] },
  },
  "/v1/meshes/:mesh/ca/external": { certPem: "x", keyPem: "x", rootPem: "x" },
};

beforeAll(async () => {
  cp = await startTestControlPlane();
  ownerA = (await signedUpClient(cp.url, "Org A")).client;
  outsider = await tokenClient((await signedUpClient(cp.url, "Org B")).client, "owner");
  viewerA = await tokenClient(ownerA, "viewer");
  const r = await ownerA.post("/v1/tokens", { name: "soon revoked", role: "owner" });
  await ownerA.delete(`/v1/tokens/${r.body.id}`);
  const { TestClient: Client } = await import("../harness.ts");
  revoked = new Client(cp.url, r.body.token);
  await ownerA.post("/v1/meshes", { name: "prod" });
  await ownerA.post("/v1/meshes/prod/clusters", { name: "east" });
  await ownerA.put(
    "/v1/meshes/prod/resources/HTTPRoute/web",
    sampleBody["/v1/meshes/:mesh/resources/:kind/:name"],
  );
});
afterAll(() => cp.stop());

const authed = allRoutes.filter((r) => r.auth !== "public");
const orgScoped = authed.filter((r) => r.path.includes(":mesh"));
const mutations = authed.filter((r) => r.method !== "get" && r.path !== "/v1/auth/logout");

describe("every authenticated route", () => {
  it.each(authed.map((r) => [r.method.toUpperCase(), r.path] as const))(
    "%s %s answers 401 without credentials",
    async (method, path) => {
      const { TestClient: Client } = await import("../harness.ts");
      const res = await new Client(cp.url).request(
        method,
        fill(path),
        method === "GET" ? undefined : (sampleBody[path] ?? {}),
      );
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    },
  );

  it.each(authed.map((r) => [r.method.toUpperCase(), r.path] as const))(
    "%s %s answers 401 to a revoked token",
    async (method, path) => {
      const res = await revoked.request(
        method,
        fill(path),
        method === "GET" ? undefined : (sampleBody[path] ?? {}),
      );
      expect(res.status).toBe(401);
      expect(res.body.detail).toContain("revoked");
    },
  );
});

describe("another org's objects", () => {
  it.each(orgScoped.map((r) => [r.method.toUpperCase(), r.path] as const))(
    "%s %s answers 404, never 403",
    async (method, path) => {
      const res = await outsider.request(
        method,
        fill(path),
        method === "GET" ? undefined : (sampleBody[path] ?? {}),
      );
      expect(res.status).toBe(404);
    },
  );
});

describe("a viewer", () => {
  it.each(mutations.map((r) => [r.method.toUpperCase(), r.path] as const))(
    "%s %s is forbidden",
    async (method, path) => {
      const res = await viewerA.request(method, fill(path), sampleBody[path] ?? {});
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("forbidden");
    },
  );

  it("can read what its org owns", async () => {
    expect((await viewerA.get("/v1/meshes/prod")).status).toBe(200);
    expect((await viewerA.get("/v1/meshes/prod/resources/HTTPRoute/web")).status).toBe(200);
  });
});
