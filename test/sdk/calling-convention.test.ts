import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What an untyped caller (plain JavaScript, or a cast) gets wrong must fail loudly: an option
// the method does not take used to be ignored — `list({ kind: "HTTPRoute" })` listed every kind.
let cp: TestControlPlane;
let owner: TrellisClient;
/** The SDK as plain JavaScript sees it: any argument goes. */
const untyped = (x: unknown) => x as never;

beforeAll(async () => {
  cp = await startTestControlPlane();
  const session = new TrellisClient({ baseUrl: cp.url });
  await session.auth.signup({
    email: `sdk-conv-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    orgName: "Convention Org",
  });
  owner = new TrellisClient({
    baseUrl: cp.url,
    token: (await session.tokens.create({ name: "t", role: "owner" })).token,
  });
  await owner.meshes.create({ name: "conv" });
  await owner.resources("conv").put("HTTPRoute", "web", {
    parentRefs: [{ name: "web" }],
    rules: [{ backendRefs: [{ name: "web" }] }],
  });
  await owner.resources("conv").put("RetryPolicy", "web", { targetRef: { kind: "Service", name: "web" } });
});
afterAll(() => cp?.stop());

describe("one calling convention: the kind first, like get/put", () => {
  it("lists one kind positionally, every kind without it", async () => {
    const res = owner.resources("conv");
    expect((await res.listAll("HTTPRoute")).map((r) => r.kind)).toEqual(["HTTPRoute"]);
    expect((await res.list("RetryPolicy")).items.map((r) => r.kind)).toEqual(["RetryPolicy"]);
    expect((await res.listAll()).map((r) => r.kind).sort()).toEqual([
      "HTTPRoute",
      "MeshSettings",
      "RetryPolicy",
    ]);
    expect((await res.list({ limit: 1 })).items).toHaveLength(1);
  });

  it("refuses the kind as an option, instead of listing every kind", async () => {
    const res = owner.resources("conv");
    await expect(res.listAll(untyped({ kind: "HTTPRoute" }))).rejects.toThrow(
      'resources.listAll: the kind is the first argument, not an option: listAll("HTTPRoute")',
    );
    await expect(res.list(untyped({ kind: "HTTPRoute" }))).rejects.toThrow(TypeError);
    expect(() => res.iterate(untyped({ kind: "HTTPRoute" }))).toThrow(TypeError);
  });
});

describe("unknown options are an error", () => {
  it("names the unknown option and what the method takes", async () => {
    await expect(owner.meshes.list(untyped({ limt: 5 }))).rejects.toThrow(
      'MeshesNamespace.list: unknown option "limt" (it takes signal, idempotencyKey, limit, cursor)',
    );
    await expect(owner.resources("conv").get("HTTPRoute", "web", untyped({ etag: '"g1"' }))).rejects.toThrow(
      'resources.get: unknown option "etag"',
    );
    await expect(
      owner.resources("conv").put("HTTPRoute", "web", {} as never, untyped({ ifmatch: "*" })),
    ).rejects.toThrow('resources.put: unknown option "ifmatch"');
    await expect(
      owner.observability("conv").metrics(untyped({ window: "1h", services: "web" })),
    ).rejects.toThrow('observability.metrics: unknown option "services"');
    expect(() => owner.proxies("conv", untyped({ healthy: true }))).toThrow(
      'proxies: unknown option "healthy"',
    );
    expect(() => new TrellisClient(untyped({ baseUrl: cp.url, tokn: "x" }))).toThrow(
      'new TrellisClient: unknown option "tokn"',
    );
    await expect(owner.waitForSync("conv", untyped({ timeout: 5 }))).rejects.toThrow(
      'waitForSync: unknown option "timeout"',
    );
  });

  it("still takes every documented option", async () => {
    const signal = new AbortController().signal;
    await owner.meshes.list({ limit: 1, cursor: undefined as never, signal });
    await owner.resources("conv").get("HTTPRoute", "web", { signal });
    await owner
      .observability("conv")
      .metrics({ window: "5m", service: "web", namespace: "default" }, { signal });
  });
});
