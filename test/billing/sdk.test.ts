import { ConflictError, ForbiddenError, LimitExceededError, TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BillingPlane, billingPlane } from "./setup.ts";

let plane: BillingPlane;
let owner: TrellisClient;

beforeAll(async () => {
  plane = await billingPlane();
  const created = await plane.owner.post("/v1/tokens", { name: "sdk", role: "owner" });
  owner = new TrellisClient({ baseUrl: plane.cp.url, token: created.body.token, retries: 0 });
});
afterAll(() => plane?.stop());

describe("client.billing", () => {
  it("reads the plan, opens Checkout, and types the errors of limits, roles and state", async () => {
    const billing = await owner.billing.get();
    expect(billing).toMatchObject({ enabled: true, status: "free", plan: { id: "free" } });
    expect(billing.plans.map((p) => p.id)).toEqual(["free", "team", "enterprise"]);
    await owner.meshes.create({ name: "one" });
    await expect(owner.meshes.create({ name: "two" })).rejects.toBeInstanceOf(LimitExceededError);
    await expect(owner.billing.portal()).rejects.toBeInstanceOf(ConflictError);
    const { url } = await owner.billing.checkout();
    expect(url.startsWith(`${plane.stripe.url}/c/pay/`)).toBe(true);
    const viewerToken = await owner.tokens.create({ name: "v", role: "viewer" });
    const viewer = new TrellisClient({ baseUrl: plane.cp.url, token: viewerToken.token, retries: 0 });
    await expect(viewer.billing.get()).rejects.toBeInstanceOf(ForbiddenError);
  });
});
