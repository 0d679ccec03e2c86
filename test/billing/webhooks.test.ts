import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeEvent } from "../support/stripe/index.ts";
import { type BillingPlane, billingPlane, webhookSecret } from "./setup.ts";

// Stripe's webhooks are the only way a plan changes: each must be authentic, and each must
// take effect once however often it arrives.
let plane: BillingPlane;
let checkoutEvents: StripeEvent[];

const billing = async () => (await plane.owner.get("/v1/billing")).body;
const auditCount = async (action: string) =>
  ((await plane.owner.get("/v1/audit?limit=200")).body.items as { action: string }[]).filter(
    (a) => a.action === action,
  ).length;

beforeAll(async () => {
  plane = await billingPlane({ BILLING_GRACE_PERIOD_HOURS: "72" });
  const res = await plane.owner.post("/v1/billing/checkout", {});
  const sessionId = new URL(res.body.url).pathname.split("/").at(-1)!;
  // The person pays, but nothing is delivered yet: the test delivers each event itself.
  plane.stripe.webhook = null;
  checkoutEvents = await plane.stripe.completeCheckout(sessionId);
  plane.stripe.webhook = { url: `${plane.cp.url}/v1/billing/stripe-webhook`, secret: webhookSecret };
});
afterAll(() => plane?.stop());

describe("the Stripe webhook endpoint", () => {
  it("answers 400 to a forged, tampered, stale or missing signature, and changes nothing", async () => {
    const completed = checkoutEvents.find((e) => e.type === "checkout.session.completed")!;
    const payload = JSON.stringify(completed, null, 2);
    const now = Math.floor(plane.clock.ms / 1000);
    const forged = [
      {
        signature: Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: "whsec_not_ours",
          timestamp: now,
        }),
      },
      {
        payload: payload.replace(completed.id, "evt_forged"),
        signature: Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: webhookSecret,
          timestamp: now,
        }),
      },
      {
        signature: Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: webhookSecret,
          timestamp: now - 600,
        }),
      },
      { signature: "" },
    ];
    for (const f of forged) {
      const d = await plane.stripe.deliver(completed, f);
      expect(d.status, d.body).toBe(400);
      expect(JSON.parse(d.body)).toMatchObject({ code: "bad_request" });
      expect(JSON.parse(d.body).detail).toContain("Stripe-Signature");
    }
    expect(await billing()).toMatchObject({ status: "free", plan: { id: "free" } });
    // None of them was recorded as seen: the genuine event still applies.
    expect((await plane.stripe.deliver(completed)).status).toBe(200);
    expect((await billing()).status).toBe("active");
  });

  it("a replayed event has no second effect, even re-signed later", async () => {
    const completed = checkoutEvents.find((e) => e.type === "checkout.session.completed")!;
    const again = await plane.stripe.deliver(completed);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ received: true, duplicate: true });
    expect(await auditCount("billing.subscribed")).toBe(1);

    const customer = plane.stripe.state.sessions.values().next().value!.customer;
    const [failed] = await plane.stripe.failPayment(customer);
    const first = (await billing()).paymentFailed;
    expect(first).not.toBeNull();
    plane.clock.advance(2 * 3_600_000);
    const replay = await plane.stripe.deliver(failed!);
    expect(JSON.parse(replay.body)).toEqual({ received: true, duplicate: true });
    // The grace period was not restarted by the replay.
    expect((await billing()).paymentFailed).toEqual(first);
    expect(await auditCount("billing.payment_failed")).toBe(1);
  });

  it("ignores a subscription event older than one already applied (Stripe does not order them)", async () => {
    const customer = plane.stripe.state.sessions.values().next().value!.customer;
    const sub = [...plane.stripe.state.subscriptions.values()].find((s) => s.customer === customer)!;
    const stale = {
      ...checkoutEvents.find((e) => e.type === "customer.subscription.created")!,
      id: "evt_stale_update",
      type: "customer.subscription.updated",
      created: Math.floor(plane.clock.ms / 1000) - 86_400,
      data: { object: { ...sub, status: "canceled" } },
    };
    expect((await plane.stripe.deliver(stale)).status).toBe(200);
    expect((await billing()).subscription.status).toBe("past_due");
  });

  it("events of an unknown customer or of types Trellis ignores are acknowledged (200)", async () => {
    const other = {
      ...checkoutEvents[0]!,
      id: "evt_other_customer",
      data: { object: { customer: "cus_unknown" } },
    };
    expect((await plane.stripe.deliver(other)).status).toBe(200);
    const ignored = { ...checkoutEvents[0]!, id: "evt_ignored", type: "customer.created" };
    expect((await plane.stripe.deliver(ignored)).status).toBe(200);
  });
});
