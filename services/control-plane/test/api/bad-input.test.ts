import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";

// Issue 13 §3: input the database or the verbs cannot hold is refused at the edge as a 422
// naming the field — never a 500 — for every route at once.
let cp: TestControlPlane;
let client: TestClient;
beforeAll(async () => {
  cp = await startTestControlPlane();
  client = (await signedUpClient(cp.url)).client;
  await client.post("/v1/meshes", { name: "prod" });
});
afterAll(() => cp.stop());

type Res = Awaited<ReturnType<TestClient["request"]>>;
function expectInvalid(res: Res, pointer: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.body.code).toBe("invalid");
  expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
}

const route = (timeout: string) => ({
  spec: {
    parentRefs: [{ name: "catalog" }],
    rules: [{ backendRefs: [{ name: "catalog-v1" }], timeouts: { request: timeout } }],
  },
});

describe("bad input is a 422 naming the field", () => {
  it("a NUL byte in a path parameter, on any route", async () => {
    expectInvalid(await client.get("/v1/meshes/pr%00od"), "/path/mesh");
    expectInvalid(await client.delete("/v1/meshes/prod/clusters/a%00b"), "/path/cluster");
    expectInvalid(await client.put("/v1/meshes/prod/resources/HTTPRoute/x%00", route("1s")), "/path/name");
  });

  it("a NUL byte in any body string or key", async () => {
    expectInvalid(await client.post("/v1/meshes", { name: "ok", description: "a\u0000b" }), "/description");
    expectInvalid(
      await client.post("/v1/webhooks", { url: "http://x.example", description: "\u0000" }),
      "/description",
    );
    expectInvalid(
      await client.put("/v1/meshes/prod/resources/HTTPRoute/web", {
        spec: { parentRefs: [{ name: "catalog" }], rules: [{ "a\u0000": 1 }] },
      }),
      "/spec/rules/0/a\u0000",
    );
  });

  it("unpaired surrogates in names and spec strings", async () => {
    expectInvalid(await client.post("/v1/tokens", { name: "ci\ud800", role: "viewer" }), "/name");
    expectInvalid(await client.post("/v1/tokens", { name: "\udc00\ud800", role: "viewer" }), "/name");
    expectInvalid(
      await client.put("/v1/meshes/prod/resources/HTTPRoute/web", {
        spec: {
          parentRefs: [{ name: "catalog" }],
          rules: [
            {
              filters: [
                {
                  type: "RequestHeaderModifier",
                  requestHeaderModifier: { set: [{ name: "x", value: "\udfff" }] },
                },
              ],
            },
          ],
        },
      }),
      "/spec/rules/0/filters/0/requestHeaderModifier/set/0/value",
    );
  });

  it("invalid and overflowing durations in settings.certificates.ttl", async () => {
    for (const ttl of ["x", "", "999999999h", "1e9s", "-1s", "99999h"]) {
      const settings = { certificates: { ttl } };
      expectInvalid(await client.post("/v1/meshes", { name: "ttl", settings }), "/settings/certificates/ttl");
      expectInvalid(await client.patch("/v1/meshes/prod", { settings }), "/settings/certificates/ttl");
    }
  });

  it("durations a timer cannot hold anywhere in a spec", async () => {
    expectInvalid(
      await client.put("/v1/meshes/prod/resources/HTTPRoute/web", route("99999h")),
      "/spec/rules/0/timeouts/request",
    );
    expectInvalid(
      await client.put("/v1/meshes/prod/resources/HTTPRoute/web", route("x")),
      "/spec/rules/0/timeouts/request",
    );
    expect((await client.put("/v1/meshes/prod/resources/HTTPRoute/web", route("596h"))).status).toBe(201);
  });

  it("nesting deeper than the API reads, and __proto__ keys", async () => {
    const deep = `{"name":"ok","description":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const res = await client.request("POST", "/v1/meshes", deep);
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/nested deeper than/);
    expectInvalid(
      await client.request("POST", "/v1/meshes", '{"name":"ok","__proto__":{"x":1}}'),
      "/__proto__",
    );
  });

  it("a body whose fields are fine still works", async () => {
    const res = await client.post("/v1/meshes", {
      name: "fine",
      description: "naïve café 🚀",
      settings: { certificates: { ttl: "12h" } },
    });
    expect(res.status).toBe(201);
  });
});
