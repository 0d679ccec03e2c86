import type { TestControlPlane } from "@trellis/control-plane/testing";
import { ConflictError, TrellisClient, UnauthenticatedError, ValidationError } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { password, startWithOwner, uniqueEmail } from "./fixtures.ts";

let cp: TestControlPlane;
let owner: TrellisClient;
let email: string;

beforeAll(async () => {
  ({ cp, owner, email } = await startWithOwner());
});
afterAll(() => cp?.stop());

const route = (backend: string) => ({
  parentRefs: [{ name: "web" }],
  rules: [{ backendRefs: [{ name: backend, weight: 100 }] }],
});

describe("SDK namespaces against a real control plane", () => {
  it("auth: login keeps a cookie session whose mutations carry the CSRF token; logout ends it", async () => {
    const c = new TrellisClient({ baseUrl: cp.url, retries: 0 });
    const s = await c.auth.login({ email, password });
    expect(s.user.email).toBe(email);
    expect(c.csrfToken).toBe(s.csrfToken);
    const me = await c.auth.me();
    expect(me).toMatchObject({ via: "session", role: "owner" });
    // A mutation through the session: fails without CSRF, so this proves the header is sent.
    const t = await c.tokens.create({ name: "via-session", role: "viewer" });
    expect(t.token).toMatch(/^trl_pat_/);
    await c.auth.logout();
    await expect(c.auth.me()).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("org: delete needs the org's name as confirmation, then the org and its tokens are gone", async () => {
    const c = new TrellisClient({ baseUrl: cp.url, retries: 0 });
    await c.auth.signup({ email: uniqueEmail(), password, orgName: "Doomed" });
    const t = await c.tokens.create({ name: "o", role: "owner" });
    const doomed = new TrellisClient({ baseUrl: cp.url, token: t.token, retries: 0 });
    await expect(doomed.org.delete("wrong")).rejects.toBeInstanceOf(ValidationError);
    await doomed.org.delete("Doomed");
    await expect(doomed.auth.me()).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("auth.me with a token says via token", async () => {
    expect(await owner.auth.me()).toMatchObject({ via: "token", user: null, role: "owner" });
  });

  it("tokens: create, list, revoke; a revoked token is refused", async () => {
    const created = await owner.tokens.create({ name: "ci", role: "member", expiresInDays: 7 });
    const all = await owner.tokens.listAll();
    expect(all.map((t) => t.id)).toContain(created.id);
    const ci = new TrellisClient({ baseUrl: cp.url, token: created.token, retries: 0 });
    expect((await ci.auth.me()).role).toBe("member");
    await owner.tokens.revoke(created.id);
    await expect(ci.auth.me()).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("members: add (invite), list, update role, remove", async () => {
    const other = new TrellisClient({ baseUrl: cp.url, retries: 0 });
    const otherEmail = uniqueEmail();
    await other.auth.signup({ email: otherEmail, password, orgName: "Other" });
    const added = await owner.members.add({ email: otherEmail, role: "viewer" });
    expect(added.status).toBe("added");
    if (added.status !== "added") return;
    const invited = await owner.members.add({ email: uniqueEmail(), role: "member" });
    expect(invited.status).toBe("invited");
    expect((await owner.members.listAll()).map((m) => m.email)).toContain(otherEmail);
    expect((await owner.members.updateRole(added.member.id, "admin")).role).toBe("admin");
    await owner.members.remove(added.member.id);
    expect((await owner.members.listAll()).map((m) => m.email)).not.toContain(otherEmail);
  });

  it("meshes: create, get, update with If-Match, list, iterate, delete", async () => {
    const m = await owner.meshes.create({ name: "ns-mesh", description: "first" });
    expect(m.etag).toMatch(new RegExp(`^"v${m.configVersion}\\.[0-9a-z]+"$`));
    const got = await owner.meshes.get("ns-mesh");
    expect(got).toMatchObject({ name: "ns-mesh", description: "first", etag: m.etag });
    const updated = await owner.meshes.update("ns-mesh", { description: "second" }, { ifMatch: got.etag });
    expect(updated.description).toBe("second");
    const names: string[] = [];
    for await (const mesh of owner.meshes.iterate()) names.push(mesh.name);
    expect(names).toContain("ns-mesh");
    expect((await owner.meshes.list({ limit: 1 })).items).toHaveLength(1);
    await owner.meshes.delete("ns-mesh");
    expect((await owner.meshes.listAll()).map((x) => x.name)).not.toContain("ns-mesh");
  });

  it("a create retried with the same Idempotency-Key runs once", async () => {
    const a = await owner.meshes.create({ name: "idem" }, { idempotencyKey: "job-42" });
    const b = await owner.meshes.create({ name: "idem" }, { idempotencyKey: "job-42" });
    expect(b.id).toBe(a.id);
    expect(b.etag).toBe(a.etag);
    await expect(owner.meshes.create({ name: "idem" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("clusters: create with join token, get, list, new join token, revoke, delete", async () => {
    await owner.meshes.create({ name: "cl-mesh" });
    const clusters = owner.clusters("cl-mesh");
    const created = await clusters.create("east");
    expect(created.cluster).toMatchObject({ name: "east", mesh: "cl-mesh", connected: false });
    expect(created.joinToken.token.length).toBeGreaterThan(10);
    expect((await clusters.get("east")).id).toBe(created.cluster.id);
    expect((await clusters.listAll()).map((c) => c.name)).toEqual(["east"]);
    const fresh = await clusters.newJoinToken("east");
    expect(fresh.token).not.toBe(created.joinToken.token);
    expect((await clusters.revoke("east")).revokedAt).not.toBeNull();
    await clusters.delete("east");
    expect(await clusters.listAll()).toEqual([]);
  });

  it("resources: put creates then replaces with ETags, get, list by kind, delete", async () => {
    await owner.meshes.create({ name: "res-mesh" });
    const res = owner.resources("res-mesh");
    const created = await res.put("HTTPRoute", "web", route("web-v1"));
    expect(created).toMatchObject({ created: true, generation: 1, etag: '"g1"', kind: "HTTPRoute" });
    const replaced = await res.put("HTTPRoute", "web", route("web-v2"), { ifMatch: created.etag });
    expect(replaced).toMatchObject({ created: false, generation: 2, etag: '"g2"' });
    const got = await res.get("HTTPRoute", "web");
    expect(got.etag).toBe('"g2"');
    expect(got.spec).toMatchObject({ rules: [{ backendRefs: [{ name: "web-v2", weight: 100 }] }] });
    await res.put("RetryPolicy", "web-retries", { targetRef: { kind: "Service", name: "web" } });
    // One calling convention: what names the resources comes first, options last.
    expect((await res.listAll("HTTPRoute")).map((r) => r.name)).toEqual(["web"]);
    expect((await res.list("HTTPRoute", { limit: 1 })).items.map((r) => r.name)).toEqual(["web"]);
    const kinds: string[] = [];
    for await (const r of res.iterate("RetryPolicy")) kinds.push(r.kind);
    expect(kinds).toEqual(["RetryPolicy"]);
    expect((await res.listAll()).map((r) => r.kind).sort()).toEqual([
      "HTTPRoute",
      "MeshSettings",
      "RetryPolicy",
    ]);
    await res.delete("HTTPRoute", "web", { ifMatch: got.etag });
    expect((await res.listAll()).map((r) => r.kind).sort()).toEqual(["MeshSettings", "RetryPolicy"]);
  });

  it("audit: lists what happened, newest first", async () => {
    const entries = await owner.audit.list({ limit: 5 });
    expect(entries.items.length).toBeGreaterThan(0);
    expect(entries.items[0]!.action).toMatch(/\./);
  });

  it("sync: a mesh with no clusters is in sync, and waitForSync resolves at once", async () => {
    await owner.meshes.create({ name: "sync-mesh" });
    const status = await owner.sync("sync-mesh").get();
    expect(status).toMatchObject({ mesh: "sync-mesh", inSync: true, clusters: [], proxies: [] });
    expect((await owner.waitForSync("sync-mesh", { timeoutMs: 10_000 })).inSync).toBe(true);
  });

  it("sync: a cluster whose connector never connected is behind", async () => {
    await owner.meshes.create({ name: "lag-mesh" });
    await owner.clusters("lag-mesh").create("west");
    const err = await owner.waitForSync("lag-mesh", { timeoutMs: 300, pollMs: 50 }).catch((e) => e);
    expect(err.name).toBe("SyncTimeoutError");
    expect(err.behind).toMatchObject([{ kind: "cluster", name: "west", appliedVersion: null }]);
    expect(err.message).toContain("west");
  });

  it("services: lists discovered services (none without connectors)", async () => {
    await owner.meshes.create({ name: "svc-mesh" });
    const page = await owner
      .services("svc-mesh")
      .list()
      .catch((e: Error) => e);
    // The services route is being added in parallel; until it lands the SDK reports the missing route.
    if (page instanceof Error)
      expect(page.message).toContain("no route for GET /v1/meshes/svc-mesh/services");
    else expect(page.items).toEqual([]);
  });

  it("proxies, health, metrics, graph: answer for an empty mesh (or name the missing route)", async () => {
    await owner.meshes.create({ name: "obs-mesh" });
    const tolerate = <T>(p: Promise<T>) =>
      p.catch((e: unknown) => {
        expect((e as { routeMissing?: boolean }).routeMissing, String(e)).toBe(true);
        return undefined;
      });
    const proxies = await tolerate(owner.proxies("obs-mesh", { cluster: "east" }).listAll());
    if (proxies) expect(proxies).toEqual([]);
    const obs = owner.observability("obs-mesh");
    for (const body of [
      await tolerate(obs.health()),
      await tolerate(obs.metrics({ window: "1h" })),
      await tolerate(obs.graph()),
    ])
      if (body) expect(body).toMatchObject({ mesh: "obs-mesh" });
  });
});
