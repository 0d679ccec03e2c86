import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { Context } from "../context.ts";
import { AppError } from "../errors.ts";
import { stripeErrorType, withStripe } from "./stripe-errors.ts";

const logged: { level: string; msg: string }[] = [];
const logger = {
  debug() {},
  info() {},
  warn: (msg: string) => logged.push({ level: "warn", msg }),
  error: (msg: string) => logged.push({ level: "error", msg }),
  child: () => logger,
};
const ctx = { logger } as unknown as Context;

const failing = (err: unknown) => withStripe(ctx, "creating a Checkout session", () => Promise.reject(err));

describe("Stripe errors, told apart without loading the SDK", () => {
  it("reads the type of the SDK's own errors, and nothing from other errors", () => {
    expect(stripeErrorType(new Stripe.errors.StripeInvalidRequestError({ message: "No such price" }))).toBe(
      "StripeInvalidRequestError",
    );
    expect(stripeErrorType(new Stripe.errors.StripeConnectionError({ message: "ECONNREFUSED" }))).toBe(
      "StripeConnectionError",
    );
    expect(stripeErrorType(new Error("boom"))).toBeUndefined();
    expect(stripeErrorType({ type: "card" })).toBeUndefined();
    expect(stripeErrorType(null)).toBeUndefined();
  });

  it("a refused key is a misconfiguration the operator is told about; the caller gets 503 either way", async () => {
    logged.length = 0;
    const refused = await failing(
      new Stripe.errors.StripeAuthenticationError({ message: "Invalid API Key" }),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("unavailable");
    expect((refused as AppError).message).toMatch(/billing is misconfigured/);
    expect((refused as AppError).message).not.toMatch(/Invalid API Key/);
    expect(logged).toEqual([{ level: "error", msg: "Stripe failed creating a Checkout session" }]);

    logged.length = 0;
    const down = await failing(new Stripe.errors.StripeConnectionError({ message: "ECONNREFUSED" })).catch(
      (e: unknown) => e,
    );
    expect((down as AppError).message).toMatch(/Stripe could not be reached/);
    expect(logged).toEqual([{ level: "warn", msg: "Stripe failed creating a Checkout session" }]);
  });
});
