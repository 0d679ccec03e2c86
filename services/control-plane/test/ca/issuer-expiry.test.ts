import { caIssuerExpiry } from "@trellis/core/ca";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";

// "Issuer expiry approaching is flagged": the builtin issuer lives a year; 30 days before
// its end the CA view says so and the mesh health raises `ca_expiring`.
const dayMs = 86_400_000;
let nowMs = Date.now();
let cp: TestControlPlane;
let owner: TestClient;
let email: string;
let meshId: string;

beforeAll(async () => {
  cp = await startTestControlPlane({ clock: { now: () => new Date(nowMs) } });
  ({ client: owner, email } = await signedUpClient(cp.url));
  meshId = (await owner.post("/v1/meshes", { name: "aging" })).body.id;
});
afterAll(() => cp?.stop());

describe("issuer expiry", () => {
  it("is not flagged for a fresh issuer, and is 340 days later; renewing clears it", async () => {
    const fresh = await caIssuerExpiry(cp.cp.ctx, meshId);
    expect(fresh?.expiringSoon).toBe(false);
    expect(fresh!.notAfter.getTime() - nowMs).toBeGreaterThan(360 * dayMs);
    expect((await owner.get("/v1/meshes/aging/ca")).body.issuer.expiringSoon).toBe(false);

    nowMs += 340 * dayMs;
    // Sessions expire too: sign in again at the new time.
    expect(
      (await owner.post("/v1/auth/login", { email, password: "correct horse battery staple" })).status,
    ).toBe(200);
    expect((await caIssuerExpiry(cp.cp.ctx, meshId))?.expiringSoon).toBe(true);
    expect((await owner.get("/v1/meshes/aging/ca")).body.issuer.expiringSoon).toBe(true);
    const health = await owner.get("/v1/meshes/aging/health");
    expect(health.status).toBe(200);
    expect(JSON.stringify(health.body.flags)).toContain("ca_expiring");

    const renewed = await owner.post("/v1/meshes/aging/ca/renew-issuer");
    expect(renewed.status).toBe(200);
    expect(renewed.body.issuer.expiringSoon).toBe(false);
    expect((await caIssuerExpiry(cp.cp.ctx, meshId))?.expiringSoon).toBe(false);
  });

  it("is unknown (null) for a mesh without a usable CA", async () => {
    const ext = await owner.post("/v1/meshes", { name: "byo", settings: { ca: { type: "external" } } });
    expect(await caIssuerExpiry(cp.cp.ctx, ext.body.id)).toBeNull();
    expect(await caIssuerExpiry(cp.cp.ctx, "mesh_doesnotexist")).toBeNull();
  });
});
