import type { TestControlPlane } from "@trellis/control-plane/testing";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  TrellisApiError,
  TrellisClient,
  TrellisNetworkError,
  UnauthenticatedError,
  ValidationError,
} from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPortUrl, startWithOwner } from "./fixtures.ts";

let cp: TestControlPlane;
let owner: TrellisClient;

beforeAll(async () => {
  ({ cp, owner } = await startWithOwner());
  await owner.meshes.create({ name: "errs" });
});
afterAll(() => cp?.stop());

const spec = { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web", weight: 1 }] }] };

describe("API errors map to typed classes", () => {
  it("404 → NotFoundError with the problem fields", async () => {
    const err = await owner.meshes.get("nope").catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toBeInstanceOf(TrellisApiError);
    expect(err).toMatchObject({ status: 404, code: "not_found", request: "GET /v1/meshes/nope" });
    expect(err.requestId).toMatch(/^req_/);
    expect(err.routeMissing).toBe(false);
  });

  it("409 → ConflictError on a duplicate mesh", async () => {
    await expect(owner.meshes.create({ name: "errs" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("412 → PreconditionFailedError on a stale If-Match, and on If-None-Match: * of an existing one", async () => {
    const res = owner.resources("errs");
    const first = await res.put("HTTPRoute", "web", spec);
    await res.put("HTTPRoute", "web", { ...spec, hostnames: ["web.example"] });
    const err = await res.put("HTTPRoute", "web", spec, { ifMatch: first.etag }).catch((e) => e);
    expect(err).toBeInstanceOf(PreconditionFailedError);
    expect(err.detail).toContain("re-read");
    await expect(res.create("HTTPRoute", "web", spec)).rejects.toBeInstanceOf(PreconditionFailedError);
    const meshEtag = (await owner.meshes.get("errs")).etag;
    await res.put("HTTPRoute", "web", spec);
    await expect(
      owner.meshes.update("errs", { description: "x" }, { ifMatch: meshEtag }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it("422 → ValidationError whose fields point at the failing field", async () => {
    const bad = {
      parentRefs: [{ name: "web" }],
      rules: [{ backendRefs: [{ name: "a" }, { name: "b", weight: -1 }] }],
    };
    const err = await owner
      .resources("errs")
      .put("HTTPRoute", "bad", bad)
      .catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(422);
    expect(err.fields).toEqual([
      expect.objectContaining({
        pointer: "/spec/rules/0/backendRefs/1/weight",
        path: "spec.rules[0].backendRefs[1].weight",
      }),
    ]);
  });

  it("401 → UnauthenticatedError for a bad token", async () => {
    const c = new TrellisClient({ baseUrl: cp.url, token: "trl_pat_not-a-real-token", retries: 0 });
    await expect(c.meshes.list()).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("403 → ForbiddenError for a viewer's write", async () => {
    const viewerToken = await owner.tokens.create({ name: "viewer", role: "viewer" });
    const viewer = new TrellisClient({ baseUrl: cp.url, token: viewerToken.token, retries: 0 });
    expect((await viewer.meshes.list()).items.length).toBeGreaterThan(0);
    await expect(viewer.meshes.create({ name: "nope" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a route the server does not have → NotFoundError with routeMissing", async () => {
    const err = await owner.transport.call({ method: "GET", path: "/v1/nowhere" }).then(
      () => undefined,
      (e: unknown) => e as NotFoundError,
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err?.routeMissing).toBe(true);
  });

  it("no server → TrellisNetworkError naming the request", async () => {
    const url = await closedPortUrl();
    const c = new TrellisClient({ baseUrl: url, token: "x", retries: 0 });
    const err = await c.meshes.list().catch((e) => e);
    expect(err).toBeInstanceOf(TrellisNetworkError);
    expect(err.message).toContain(`GET ${url}/v1/meshes`);
    expect(err.message).toContain("ECONNREFUSED");
  });
});

describe("pagination", () => {
  it("walks every page with a small page size", async () => {
    for (const n of ["p1", "p2", "p3", "p4", "p5"]) await owner.meshes.create({ name: n });
    const first = await owner.meshes.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const seen: string[] = [];
    for await (const m of owner.meshes.iterate({ pageSize: 2 })) seen.push(m.name);
    expect(seen.filter((n) => n.startsWith("p")).sort()).toEqual(["p1", "p2", "p3", "p4", "p5"]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength((await owner.meshes.listAll({ pageSize: 200 })).length);
  });

  it("iterates resources of one kind across pages", async () => {
    const res = owner.resources("errs");
    for (const n of ["r1", "r2", "r3"])
      await res.put("RetryPolicy", n, { targetRef: { kind: "Service", name: n } });
    const names = await res.listAll("RetryPolicy", { pageSize: 2 });
    expect(names.map((r) => r.name).sort()).toEqual(["r1", "r2", "r3"]);
  });
});
