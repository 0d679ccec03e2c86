import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { billingConfigErrors } from "./config.ts";
import { subscriptionState } from "./subscription-state.ts";

const sub = (price: string, metadata: Record<string, string> = {}) =>
  ({
    id: "sub_1",
    customer: "cus_1",
    status: "active",
    cancel_at_period_end: true,
    metadata,
    items: {
      data: [
        { price: { id: price }, current_period_start: 1_772_445_600, current_period_end: 1_775_124_000 },
      ],
    },
  }) as unknown as Stripe.Subscription;

const prices = { team: "price_team", enterprise: "price_ent" };

describe("subscriptionState", () => {
  it("reads the plan from the price and the period from the item", () => {
    expect(subscriptionState(sub("price_team"), prices)).toMatchObject({
      plan: "team",
      customerId: "cus_1",
      cancelAtPeriodEnd: true,
      currentPeriodStart: new Date(1_772_445_600_000),
      currentPeriodEnd: new Date(1_775_124_000_000),
      customLimits: null,
    });
  });

  it("reads an Enterprise contract's limits from metadata, ignoring what is not a number", () => {
    const s = subscriptionState(
      sub("price_ent", { trellis_max_proxies: "5000", trellis_max_meshes: "lots" }),
      prices,
    );
    expect(s).toMatchObject({ plan: "enterprise", customLimits: { proxies: 5000 } });
  });

  it("knows no plan for a price it was not configured with", () => {
    expect(subscriptionState(sub("price_other"), prices)).toMatchObject({
      plan: null,
      priceId: "price_other",
    });
  });
});

describe("billingConfigErrors", () => {
  it("accepts none or all of the three settings, and names what is missing otherwise", () => {
    expect(billingConfigErrors({})).toEqual([]);
    expect(
      billingConfigErrors({
        STRIPE_SECRET_KEY: "sk",
        STRIPE_WEBHOOK_SECRET: "wh",
        STRIPE_TEAM_PRICE_ID: "p",
      }),
    ).toEqual([]);
    expect(billingConfigErrors({ STRIPE_WEBHOOK_SECRET: "wh" })).toEqual([
      "STRIPE_SECRET_KEY: required when STRIPE_WEBHOOK_SECRET is set (billing needs all three)",
      "STRIPE_TEAM_PRICE_ID: required when STRIPE_WEBHOOK_SECRET is set (billing needs all three)",
    ]);
  });
});
