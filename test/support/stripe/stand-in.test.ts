import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StripeStandIn } from "./index.ts";

// The stand-in is only worth its tests if the real SDK talks to it as to Stripe.
let standIn: StripeStandIn;
let stripe: Stripe;

const client = (key: string, retries = 0) => {
  const url = new URL(standIn.url);
  return new Stripe(key, {
    host: url.hostname,
    port: url.port,
    protocol: "http",
    maxNetworkRetries: retries,
  });
};

beforeAll(async () => {
  standIn = await StripeStandIn.start();
  stripe = client(standIn.apiKey, 2);
});
afterAll(() => standIn.close());

describe("the Stripe stand-in, driven by the real stripe SDK", () => {
  it("reads form-encoded bodies with bracket notation and sees the SDK's Stripe-Version", async () => {
    const customer = await stripe.customers.create({ name: "Acme", metadata: { trellis_org_id: "org_1" } });
    expect(customer).toMatchObject({
      object: "customer",
      name: "Acme",
      metadata: { trellis_org_id: "org_1" },
    });
    expect(customer.id).toMatch(/^cus_/);
    const [seen] = standIn.requestsTo("POST", "/v1/customers");
    expect(seen!.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(seen!.body).toBe("name=Acme&metadata[trellis_org_id]=org_1");
    expect(seen!.headers["stripe-version"]).toBe(Stripe.API_VERSION);
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: "price_team" }],
      success_url: "http://console/ok",
    });
    expect(session.url).toBe(`${standIn.url}/c/pay/${session.id}`);
    expect(standIn.state.sessions.get(session.id)!.__lineItems).toEqual([{ price: "price_team" }]);
  });

  it("replays an Idempotency-Key's first answer, and refuses the key with other parameters", async () => {
    const a = await stripe.customers.create({ name: "A" }, { idempotencyKey: "k-1" });
    const b = await stripe.customers.create({ name: "A" }, { idempotencyKey: "k-1" });
    expect(b.id).toBe(a.id);
    expect(standIn.requestsTo("POST", "/v1/customers").at(-1)!.replayed).toBe(true);
    await expect(stripe.customers.create({ name: "B" }, { idempotencyKey: "k-1" })).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );
  });

  it("answers a wrong key with Stripe's authentication error, a missing object with resource_missing", async () => {
    await expect(client("sk_test_wrong").customers.create({})).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
    await expect(stripe.subscriptions.retrieve("sub_nope")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "resource_missing",
    });
  });

  it("keeps one meter event per identifier; a lost answer is retried under the same key and replayed", async () => {
    const event = {
      event_name: "trellis_proxy_hours",
      identifier: "id-lost",
      payload: { stripe_customer_id: "cus_x", value: "3" },
    };
    standIn.fail("POST", "/v1/billing/meter_events", "lost-answer");
    const created = await stripe.billing.meterEvents.create(event, { idempotencyKey: "mk-1" });
    expect(created.identifier).toBe("id-lost");
    const sent = standIn.requestsTo("POST", "/v1/billing/meter_events");
    expect(sent).toHaveLength(2);
    expect(sent[1]!.replayed).toBe(true);
    await expect(stripe.billing.meterEvents.create(event, { idempotencyKey: "mk-2" })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      message: expect.stringContaining("An event already exists with identifier id-lost."),
    });
    expect(standIn.meterTotal("cus_x")).toBe(3);
  });

  it("stores a 500 under its key (a retry with that key gets the 500 again), and applies nothing", async () => {
    standIn.fail("POST", "/v1/billing/meter_events", "server-error");
    const event = {
      event_name: "m",
      identifier: "id-500",
      payload: { stripe_customer_id: "cus_y", value: "1" },
    };
    await expect(
      stripe.billing.meterEvents.create(event, { idempotencyKey: "mk-500" }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(
      standIn.requestsTo("POST", "/v1/billing/meter_events").filter((r) => r.status === 500),
    ).toHaveLength(3);
    expect(standIn.meterTotal("cus_y")).toBe(0);
  });

  it("delivers events signed so that stripe.webhooks.constructEvent accepts them", async () => {
    const received: { body: string; signature: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        received.push({ body, signature: String(req.headers["stripe-signature"]) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      standIn.webhook = {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        secret: "whsec_test",
      };
      const customer = await stripe.customers.create({});
      const session = await stripe.checkout.sessions.create({
        mode: "subscription",
        customer: customer.id,
        line_items: [{ price: "price_team" }],
        success_url: "http://console/ok",
      });
      await standIn.completeCheckout(session.id);
      const types = received.map(
        (r) => Stripe.webhooks.constructEvent(r.body, r.signature, "whsec_test").type,
      );
      expect(types).toEqual(["customer.subscription.created", "invoice.paid", "checkout.session.completed"]);
      const sub = await stripe.subscriptions.retrieve(standIn.state.sessions.get(session.id)!.subscription!);
      expect(sub.items.data[0]!.current_period_end).toBeGreaterThan(sub.items.data[0]!.current_period_start);
      expect(() =>
        Stripe.webhooks.constructEvent(received[0]!.body, received[0]!.signature, "whsec_other"),
      ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    } finally {
      standIn.webhook = null;
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
