import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signedUpClient,
  startTestControlPlane,
  TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(() => cp.stop());

describe("members", () => {
  it("adds an existing user, changes their role and removes them", async () => {
    const owner = await signedUpClient(cp.url, "Owner Org");
    const other = await signedUpClient(cp.url, "Other Org");
    const added = await owner.client.post("/v1/members", { email: other.email, role: "member" });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ status: "added", member: { email: other.email, role: "member" } });
    const list = await owner.client.get("/v1/members");
    expect(list.body.items.map((m: { email: string }) => m.email)).toEqual([owner.email, other.email]);
    const updated = await owner.client.patch(`/v1/members/${added.body.member.id}`, { role: "viewer" });
    expect(updated.body.role).toBe("viewer");
    expect((await owner.client.delete(`/v1/members/${added.body.member.id}`)).status).toBe(204);
    expect((await owner.client.get("/v1/members")).body.items).toHaveLength(1);
  });

  it("invites an unknown email, and the invite is honoured at sign-up", async () => {
    const owner = await signedUpClient(cp.url);
    const invited = await owner.client.post("/v1/members", { email: "newcomer@example.com", role: "admin" });
    expect(invited.body).toMatchObject({
      status: "invited",
      invite: { email: "newcomer@example.com", role: "admin" },
    });
    await new TestClient(cp.url).post("/v1/auth/signup", {
      email: "newcomer@example.com",
      password: "correct horse battery",
      orgName: "Own",
    });
    const list = await owner.client.get("/v1/members");
    expect(list.body.items.find((m: { email: string }) => m.email === "newcomer@example.com")?.role).toBe(
      "admin",
    );
  });

  it("adding someone twice is a conflict", async () => {
    const owner = await signedUpClient(cp.url);
    const other = await signedUpClient(cp.url);
    await owner.client.post("/v1/members", { email: other.email, role: "viewer" });
    expect((await owner.client.post("/v1/members", { email: other.email, role: "viewer" })).status).toBe(409);
  });

  it("the last owner can be neither demoted nor removed", async () => {
    const owner = await signedUpClient(cp.url);
    const self = (await owner.client.get("/v1/members")).body.items[0];
    const res = await owner.client.patch(`/v1/members/${self.id}`, { role: "admin" });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/at least one owner/);
    expect((await owner.client.delete(`/v1/members/${self.id}`)).status).toBe(409);
  });

  it("an admin cannot grant or touch the owner role", async () => {
    const owner = await signedUpClient(cp.url);
    const admin = await tokenClient(owner.client, "admin");
    expect((await admin.post("/v1/members", { email: "boss@example.com", role: "owner" })).status).toBe(403);
    const self = (await owner.client.get("/v1/members")).body.items[0];
    expect((await admin.delete(`/v1/members/${self.id}`)).status).toBe(403);
  });

  it("another org's member is not found", async () => {
    const a = await signedUpClient(cp.url);
    const b = await signedUpClient(cp.url);
    const memberOfA = (await a.client.get("/v1/members")).body.items[0];
    expect((await b.client.patch(`/v1/members/${memberOfA.id}`, { role: "viewer" })).status).toBe(404);
    expect((await b.client.delete(`/v1/members/${memberOfA.id}`)).status).toBe(404);
  });
});

describe("deleting the organisation", () => {
  it("only the owner may, after typing its name; then its tokens stop working", async () => {
    const owner = await signedUpClient(cp.url, "Doomed");
    const admin = await tokenClient(owner.client, "admin");
    expect((await admin.request("DELETE", "/v1/org", { confirm: "Doomed" })).status).toBe(403);
    const wrong = await owner.client.request("DELETE", "/v1/org", { confirm: "doomed" });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toMatch(/"Doomed"/);
    expect((await owner.client.request("DELETE", "/v1/org", { confirm: "Doomed" })).status).toBe(204);
    expect((await admin.get("/v1/me")).status).toBe(401);
    expect((await owner.client.get("/v1/me")).status).toBe(401);
  });
});
