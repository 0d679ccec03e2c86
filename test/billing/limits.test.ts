import { signedUpClient, startTestControlPlane } from "@trellis/control-plane/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BillingPlane, billingPlane, connectCluster, report, sign } from "./setup.ts";

describe("Free's proxy limit at the proxies' first certificates", () => {
  let plane: BillingPlane;
  beforeAll(async () => {
    plane = await billingPlane();
    await plane.owner.post("/v1/meshes", { name: "prod" });
  });
  afterAll(() => plane?.stop());

  it("a burst of 12 new proxies gets exactly 10 certificates; the others learn how to raise the limit", async () => {
    const { sim, identity } = await connectCluster(plane, "prod", "east");
    const ids = Array.from({ length: 12 }, (_, i) => `prx_burst_${i}`);
    const answers = await Promise.all(ids.map((id) => sign(sim, identity, id)));
    expect(answers.filter((a) => a.certificate)).toHaveLength(10);
    const refused = answers.filter((a) => a.error);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(r.error!.code).toBe("limit_exceeded");
      expect(r.error!.message).toContain("the Free plan allows 10 proxies and this organisation has 10");
      expect(r.error!.message).toContain("POST /v1/billing/checkout");
    }
    // A proxy that went away frees its place: the connector's next report no longer lists it.
    const admitted = ids.filter((_, i) => answers[i]!.certificate);
    report(sim, admitted);
    expect((await sign(sim, identity, "prx_later")).error?.code).toBe("limit_exceeded");
    report(sim, admitted.slice(1));
    await expect.poll(async () => (await sign(sim, identity, "prx_later")).certificate).toBeTruthy();
    sim.close();
  });
});

describe("billing off (no Stripe keys: npm start)", () => {
  it("says so, lifts every limit and refuses Checkout, Portal and webhooks with the reason", async () => {
    const cp = await startTestControlPlane();
    try {
      const { client: owner } = await signedUpClient(cp.url);
      const billing = await owner.get("/v1/billing");
      expect(billing.status).toBe(200);
      expect(billing.body).toMatchObject({
        enabled: false,
        status: "off",
        limits: { meshes: null, proxies: null },
      });
      expect(billing.body.detail).toContain("Billing is off");
      for (const name of ["a", "b", "c"]) expect((await owner.post("/v1/meshes", { name })).status).toBe(201);
      for (const path of ["/v1/billing/checkout", "/v1/billing/portal"]) {
        const res = await owner.post(path, {});
        expect(res.status).toBe(409);
        expect(res.body.detail).toContain("billing is off");
      }
      const hook = await owner.post("/v1/billing/stripe-webhook", { id: "evt_x" });
      expect(hook.status).toBe(409);
    } finally {
      await cp.stop();
    }
  });

  it("refuses to start with half the Stripe settings, naming what is missing", async () => {
    await expect(startTestControlPlane({ env: { STRIPE_SECRET_KEY: "sk_test_x" } })).rejects.toThrow(
      /STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set[\s\S]*STRIPE_TEAM_PRICE_ID/,
    );
  });
});
