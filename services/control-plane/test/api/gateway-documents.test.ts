import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";

// Gateway API documents through the API itself (not only the CLI): namespaces as part of a
// resource's identity, strict fields with pointers and did-you-means, server-side dry run.

let cp: TestControlPlane;
let client: TestClient;
beforeAll(async () => {
  cp = await startTestControlPlane();
  client = (await signedUpClient(cp.url)).client;
  await client.post("/v1/meshes", { name: "prod" });
});
afterAll(() => cp.stop());

const reviews = (namespace: string, weights = [90, 10]) => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "reviews", namespace, labels: { app: "reviews" }, annotations: { owner: "books" } },
  spec: {
    parentRefs: [{ group: "", kind: "Service", name: "reviews", port: 9080 }],
    rules: [
      {
        backendRefs: [
          { name: "reviews-v1", port: 9080, weight: weights[0] },
          { name: "reviews-v2", port: 9080, weight: weights[1] },
        ],
      },
    ],
  },
});

const at = (ns: string, kind = "HTTPRoute", name = "reviews") =>
  `/v1/meshes/prod/namespaces/${ns}/resources/${kind}/${name}`;
const version = async () => (await client.get("/v1/meshes/prod")).body.configVersion as number;

describe("Gateway API documents through the API", () => {
  it("stores a GAMMA HTTPRoute unchanged, in its namespace, with labels and annotations", async () => {
    const res = await client.put(at("bookinfo"), reviews("bookinfo"));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      namespace: "bookinfo",
      name: "reviews",
      labels: { app: "reviews" },
      annotations: { owner: "books" },
    });
    expect(res.body.spec.rules[0].backendRefs[1]).toEqual({
      kind: "Service",
      name: "reviews-v2",
      namespace: "bookinfo",
      port: 9080,
      weight: 10,
    });
  });

  it("two routes of one name in two namespaces are two resources; the old URL is the default namespace", async () => {
    const other = await client.put(at("default"), reviews("default", [50, 50]));
    expect(other.status).toBe(201);
    const viaOldUrl = await client.get("/v1/meshes/prod/resources/HTTPRoute/reviews");
    expect(viaOldUrl.body).toMatchObject({ namespace: "default" });
    expect(viaOldUrl.body.spec.rules[0].backendRefs[0].weight).toBe(50);
    expect((await client.get(at("bookinfo"))).body.spec.rules[0].backendRefs[0].weight).toBe(90);
    const listed = await client.get("/v1/meshes/prod/resources/HTTPRoute?namespace=bookinfo");
    expect(listed.body.items.map((r: { namespace: string }) => r.namespace)).toEqual(["bookinfo"]);
    const all = await client.get("/v1/meshes/prod/resources/HTTPRoute");
    expect(all.body.items.map((r: { namespace: string }) => r.namespace)).toEqual(["bookinfo", "default"]);
  });

  it("a document whose identity differs from the URL's is refused at that field", async () => {
    const res = await client.put(at("elsewhere"), reviews("bookinfo"));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { pointer: "/metadata/namespace", detail: "the URL names namespace elsewhere" },
    ]);
  });

  it("an unknown field is a 422 naming its pointer with a did-you-mean, in a document and in { spec }", async () => {
    const doc = reviews("bookinfo");
    (doc.spec.rules[0] as Record<string, unknown>).matchs = [{ path: { value: "/admin" } }];
    const res = await client.put(at("bookinfo"), doc);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.errors).toEqual([
      { pointer: "/spec/rules/0/matchs", detail: 'unknown field "matchs" (did you mean "matches"?)' },
    ]);
    expect(res.body.detail).toContain('/spec/rules/0/matchs unknown field "matchs"');
    const bare = await client.put("/v1/meshes/prod/resources/HTTPRoute/bare", {
      spec: { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web", wieght: 1 }] }] },
    });
    expect(bare.body.errors).toEqual([
      {
        pointer: "/spec/rules/0/backendRefs/0/wieght",
        detail: 'unknown field "wieght" (did you mean "weight"?)',
      },
    ]);
    const envelope = await client.put("/v1/meshes/prod/resources/HTTPRoute/bare", { sepc: {} });
    expect(envelope.body.errors).toContainEqual({
      pointer: "/sepc",
      detail: 'unknown field "sepc" (did you mean "spec"?)',
    });
  });

  it("a feature the data plane does not enforce yet is refused, never stored without its meaning", async () => {
    const doc = reviews("bookinfo");
    (doc.spec.rules[0] as Record<string, unknown>).filters = [
      { type: "ExtensionRef", extensionRef: { group: "example.com", kind: "Filter", name: "f" } },
    ];
    const res = await client.put(at("bookinfo"), doc);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      {
        pointer: "/spec/rules/0/filters/0",
        detail: expect.stringContaining("the ExtensionRef filter is not supported yet"),
      },
    ]);
  });

  it("a Gateway parent beside a Service parent is left out with a Warning; Gateway-only routes and Gateways are refused", async () => {
    const mixed = reviews("bookinfo");
    mixed.spec.parentRefs = [{ name: "public-gw" } as never, ...mixed.spec.parentRefs];
    const res = await client.put(at("bookinfo"), mixed);
    expect(res.status).toBe(200);
    expect(res.headers.get("warning")).toBe(
      '299 - "parentRefs[0] (Gateway public-gw) is not for a mesh: skipped (the route applies to its Service parents)"',
    );
    expect(res.body.spec.parentRefs).toHaveLength(1);
    const ingress = {
      ...reviews("bookinfo"),
      spec: { ...reviews("bookinfo").spec, parentRefs: [{ name: "gw" }] },
    };
    const refused = await client.put(at("bookinfo"), ingress);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/parentRefs name only Gateways/);
    const gateway = await client.put(at("bookinfo", "Gateway", "gw"), { spec: {} });
    expect(gateway.status).toBe(422);
    expect(gateway.body.detail).toMatch(/a Gateway configures ingress gateways, not a mesh/);
  });

  it("?dryRun=All answers as if written and changes nothing", async () => {
    const before = await version();
    const created = await client.put(`${at("canary", "HTTPRoute", "fresh")}?dryRun=All`, {
      ...reviews("canary"),
      metadata: { name: "fresh", namespace: "canary" },
    });
    expect(created.status).toBe(201);
    expect(created.body.generation).toBe(1);
    expect((await client.get(at("canary", "HTTPRoute", "fresh"))).status).toBe(404);
    const current = (await client.get(at("bookinfo"))).body;
    const changed = await client.put(`${at("bookinfo")}?dryRun=All`, reviews("bookinfo", [80, 20]));
    expect(changed.status).toBe(200);
    expect(changed.body.generation).toBe(current.generation + 1);
    expect(changed.body.spec.rules[0].backendRefs[0].weight).toBe(80);
    expect((await client.get(at("bookinfo"))).body.generation).toBe(current.generation);
    expect(await version()).toBe(before);
    const typo = await client.put(`${at("bookinfo")}?dryRun=all`, reviews("bookinfo"));
    expect(typo.status).toBe(422);
    expect(typo.body.errors[0].detail).toContain('did you mean "All"');
  });

  it("a change of labels only bumps the generation (ETag), not the mesh's config version", async () => {
    const current = await client.get(at("bookinfo"));
    const before = await version();
    const relabelled = reviews("bookinfo");
    relabelled.metadata.labels = { app: "reviews", tier: "backend" } as typeof relabelled.metadata.labels;
    const res = await client.put(at("bookinfo"), relabelled, { "if-match": current.headers.get("etag")! });
    expect(res.status).toBe(200);
    expect(res.body.generation).toBe(current.body.generation + 1);
    expect(res.body.labels).toEqual({ app: "reviews", tier: "backend" });
    expect(await version()).toBe(before);
    // A { spec } put keeps the stored metadata.
    const specOnly = await client.put(at("bookinfo"), { spec: res.body.spec });
    expect(specOnly.body).toMatchObject({
      generation: res.body.generation,
      apiVersion: "gateway.networking.k8s.io/v1",
    });
  });

  it("deletes by namespace", async () => {
    expect((await client.delete(at("default"))).status).toBe(204);
    expect((await client.get(at("bookinfo"))).status).toBe(200);
    expect((await client.delete(at("default"))).status).toBe(404);
  });
});
