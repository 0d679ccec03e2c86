import { tokenClient } from "@trellis/control-plane/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BillingPlane, billingPlane, teamPrice, upgrade } from "./setup.ts";

let plane: BillingPlane;

beforeAll(async () => {
  plane = await billingPlane();
});
afterAll(() => plane?.stop());

describe("upgrading through Stripe Checkout", () => {
  it("starts on Free: the second mesh is a 402 naming the limit and how to raise it", async () => {
    const billing = await plane.owner.get("/v1/billing");
    expect(billing.status).toBe(200);
    expect(billing.body).toMatchObject({
      enabled: true,
      status: "free",
      plan: { id: "free" },
      limits: { meshes: 1, proxies: 10 },
      subscription: null,
      paymentFailed: null,
    });
    expect((await plane.owner.post("/v1/meshes", { name: "one" })).status).toBe(201);
    const second = await plane.owner.post("/v1/meshes", { name: "two" });
    expect(second.status).toBe(402);
    expect(second.headers.get("content-type")).toContain("application/problem+json");
    expect(second.body.code).toBe("limit_exceeded");
    expect(second.body.detail).toContain("the Free plan allows 1 mesh and this organisation has 1");
    expect(second.body.detail).toContain("POST /v1/billing/checkout");
  });

  it("Checkout → the person pays → the signed webhook raises the limits", async () => {
    const res = await plane.owner.post("/v1/billing/checkout", {});
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(new RegExp(`^${plane.stripe.url}/c/pay/cs_test_`));
    const session = [...plane.stripe.state.sessions.values()].at(-1)!;
    expect(session).toMatchObject({
      mode: "subscription",
      client_reference_id: plane.orgId,
      success_url: `${plane.cp.url}/settings/billing?checkout=success`,
      cancel_url: `${plane.cp.url}/settings/billing?checkout=canceled`,
      __lineItems: [{ price: teamPrice }],
    });
    expect(plane.stripe.state.customers.get(session.customer)!.metadata).toEqual({
      trellis_org_id: plane.orgId,
    });
    // Coming back to success_url proves nothing: only Stripe's event changes the plan.
    expect((await plane.owner.get("/v1/billing")).body.status).toBe("free");

    await plane.stripe.completeCheckout(session.id);
    expect(plane.stripe.deliveries.map((d) => [d.type, d.status])).toEqual([
      ["customer.subscription.created", 200],
      ["invoice.paid", 200],
      ["checkout.session.completed", 200],
    ]);
    const billing = (await plane.owner.get("/v1/billing")).body;
    expect(billing).toMatchObject({
      status: "active",
      plan: { id: "team" },
      subscribedPlan: "team",
      limits: { meshes: 25, proxies: 1000 },
      subscription: { status: "active", cancelAtPeriodEnd: false },
    });
    expect(Date.parse(billing.subscription.currentPeriodEnd)).toBeGreaterThan(
      Date.parse(billing.subscription.currentPeriodStart),
    );
    expect(billing.usage.periodStart).toBe(billing.subscription.currentPeriodStart);
    expect((await plane.owner.post("/v1/meshes", { name: "two" })).status).toBe(201);
    expect((await plane.owner.get("/v1/me")).body.org.plan).toBe("team");
    const audit = (await plane.owner.get("/v1/audit?limit=200")).body.items as { action: string }[];
    expect(audit.filter((a) => a.action === "billing.subscribed")).toHaveLength(1);
    expect(audit.filter((a) => a.action === "billing.checkout")).toHaveLength(1);
  });

  it("a second Checkout is a conflict; the Customer Portal opens for the same customer", async () => {
    const again = await plane.owner.post("/v1/billing/checkout", {});
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain("POST /v1/billing/portal");
    const portal = await plane.owner.post("/v1/billing/portal", {});
    expect(portal.status).toBe(201);
    const id = new URL(portal.body.url).pathname.split("/").at(-1)!;
    expect(plane.stripe.state.portalSessions.get(id)).toMatchObject({
      customer: [...plane.stripe.state.customers.keys()][0],
      return_url: `${plane.cp.url}/settings/billing`,
    });
  });
});

describe("deleting a paying org", () => {
  it("is refused while the subscription runs, so Stripe does not bill an org that is gone", async () => {
    const org = (await plane.owner.get("/v1/me")).body.org.name as string;
    const res = await plane.owner.request("DELETE", "/v1/org", { confirm: org });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("cancel it in the Customer Portal");
  });
});

describe("who may reach billing", () => {
  it.each(["admin", "member", "viewer"] as const)("a %s gets 403 on every billing route", async (role) => {
    const client = await tokenClient(plane.owner, role);
    for (const res of [
      await client.get("/v1/billing"),
      await client.post("/v1/billing/checkout", {}),
      await client.post("/v1/billing/portal", {}),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.detail).toContain("needs billing");
    }
  });

  it("an org that never upgraded has no portal yet (409), and an owner token may use billing", async () => {
    const other = await billingPlane();
    try {
      const token = await tokenClient(other.owner, "owner");
      expect((await token.get("/v1/billing")).status).toBe(200);
      const portal = await token.post("/v1/billing/portal", {});
      expect(portal.status).toBe(409);
      expect(portal.body.detail).toContain("upgrade first");
      await upgrade(other);
      expect((await token.get("/v1/billing")).body.plan.id).toBe("team");
    } finally {
      await other.stop();
    }
  });
});
