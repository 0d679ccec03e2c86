import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BillingPlane,
  billingPlane,
  connectCluster,
  liveProxies,
  report,
  sign,
  upgrade,
} from "./setup.ts";

// A failed payment: the paid limits hold through the grace period, then Free's apply to
// whatever is created or connects next, while everything already running keeps running.
let plane: BillingPlane;
let customer: string;
let east: Awaited<ReturnType<typeof connectCluster>>;
const running = Array.from({ length: 12 }, (_, i) => `prx_run_${i}`);

const billing = async () => (await plane.owner.get("/v1/billing")).body;

beforeAll(async () => {
  plane = await billingPlane({ BILLING_GRACE_PERIOD_HOURS: "72" });
  ({ customer } = await upgrade(plane));
  for (const name of ["prod", "staging"])
    expect((await plane.owner.post("/v1/meshes", { name })).status).toBe(201);
  east = await connectCluster(plane, "prod", "east");
  // Team allows more than Free's 10: twelve proxies get certificates and report in.
  for (const id of running) expect((await sign(east.sim, east.identity, id)).certificate).toBeTruthy();
  report(east.sim, running);
  await liveProxies(plane, 12);
});
afterAll(async () => {
  east?.sim.close();
  await plane?.stop();
});

describe("payment failed → grace → downgrade", () => {
  it("during the grace period the Team limits hold and the console is told", async () => {
    await plane.stripe.failPayment(customer);
    const b = await billing();
    expect(b).toMatchObject({ status: "grace", plan: { id: "team" }, limits: { proxies: 1000 } });
    expect(Date.parse(b.paymentFailed.graceEndsAt) - Date.parse(b.paymentFailed.at)).toBe(72 * 3_600_000);
    expect(b.detail).toContain("A payment failed");
    expect((await sign(east.sim, east.identity, "prx_during_grace")).certificate).toBeTruthy();
    report(east.sim, [...running, "prx_during_grace"]);
    await liveProxies(plane, 13);
  });

  it("after it, Free's limits refuse new proxies and meshes, never a running proxy", async () => {
    plane.clock.advance(73 * 3_600_000);
    report(east.sim, [...running, "prx_during_grace"]); // still reporting, still running
    expect(await billing()).toMatchObject({
      status: "downgraded",
      plan: { id: "free" },
      subscribedPlan: "team",
      limits: { meshes: 1, proxies: 10 },
      usage: { meshes: 2, proxies: 13 },
    });
    // Running proxies renew their certificates as before: static stability beats billing.
    for (const id of [running[0]!, "prx_during_grace"])
      expect((await sign(east.sim, east.identity, id)).certificate, id).toBeTruthy();
    const refused = await sign(east.sim, east.identity, "prx_new");
    expect(refused.certificate).toBeFalsy();
    expect(refused.error).toMatchObject({ code: "limit_exceeded" });
    expect(refused.error!.message).toContain("the Free plan allows 10 proxies and this organisation has 13");
    expect(refused.error!.message).toContain("Customer Portal");
    const mesh = await plane.owner.post("/v1/meshes", { name: "third" });
    expect(mesh.status).toBe(402);
    expect(mesh.body.detail).toContain("a payment failed and the grace period ended");
    // The connector was not cut off, and the inventory still lists every proxy as live.
    expect(east.sim.ended).toBeNull();
    expect((await plane.owner.get("/v1/meshes/prod/proxies?limit=200")).body.items).toHaveLength(13);
  });

  it("paying the open invoice restores Team", async () => {
    await plane.stripe.payOpenInvoice(customer);
    expect(await billing()).toMatchObject({ status: "active", plan: { id: "team" }, paymentFailed: null });
    expect((await sign(east.sim, east.identity, "prx_new")).certificate).toBeTruthy();
  });

  it("a canceled subscription leaves Free limits; running proxies still renew", async () => {
    await plane.stripe.cancelSubscription(customer);
    expect(await billing()).toMatchObject({
      status: "canceled",
      plan: { id: "free" },
      subscribedPlan: "free",
      limits: { proxies: 10 },
    });
    expect((await plane.owner.get("/v1/me")).body.org.plan).toBe("free");
    expect((await sign(east.sim, east.identity, running[1]!)).certificate).toBeTruthy();
  });
});
