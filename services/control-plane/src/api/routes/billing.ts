import { createCheckout, createPortal, getBilling, handleStripeWebhook } from "@trellis/core/billing";
import { billingRedirectSchema, billingSchema, checkoutInputSchema } from "@trellis/protocol/api";
import type { Context as HonoContext } from "hono";
import { z } from "zod";
import type { Context } from "../../context.ts";
import { route } from "../route.ts";

/** Where Stripe sends the browser back: the console's Billing page on this control plane. */
const consoleUrl = (ctx: Context, c: HonoContext) =>
  (ctx.config.PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/+$/, "");

export const billingRoutes = [
  route({
    method: "get",
    path: "/v1/billing",
    summary: "The org's plan, billing standing, limits and usage this period (owner only)",
    tag: "billing",
    responses: { 200: { description: "Billing", schema: billingSchema } },
    handler: async ({ ctx, actor, requestId }) => ({
      status: 200,
      body: await getBilling({ ctx, actor, requestId, input: {} }),
    }),
  }),
  route({
    method: "post",
    path: "/v1/billing/checkout",
    summary: "A Stripe Checkout URL to subscribe to the Team plan (owner only)",
    tag: "billing",
    body: checkoutInputSchema,
    responses: { 201: { description: "Checkout Session created", schema: billingRedirectSchema } },
    handler: async ({ ctx, actor, requestId, body, c }) => ({
      status: 201,
      body: await createCheckout({
        ctx,
        actor,
        requestId,
        input: { ...body, consoleUrl: consoleUrl(ctx, c) },
      }),
    }),
  }),
  route({
    method: "post",
    path: "/v1/billing/portal",
    summary: "A Stripe Customer Portal URL to manage the subscription, card and invoices (owner only)",
    tag: "billing",
    responses: { 201: { description: "Portal session created", schema: billingRedirectSchema } },
    handler: async ({ ctx, actor, requestId, c }) => ({
      status: 201,
      body: await createPortal({ ctx, actor, requestId, input: { consoleUrl: consoleUrl(ctx, c) } }),
    }),
  }),
  route({
    method: "post",
    path: "/v1/billing/stripe-webhook",
    summary: "Stripe's webhook endpoint (signed with STRIPE_WEBHOOK_SECRET; not for API clients)",
    tag: "billing",
    auth: "public",
    // A missing, forged or stale signature.
    errors: ["bad_request"],
    responses: {
      200: {
        description: "Received (again, for a duplicate: nothing was applied twice)",
        schema: z.object({ received: z.literal(true), duplicate: z.boolean() }),
      },
    },
    handler: async ({ ctx, c }) => {
      // The signature covers the exact bytes, so the body is read raw, never re-serialised.
      const outcome = await handleStripeWebhook(ctx, {
        payload: await c.req.text(),
        signature: c.req.header("stripe-signature"),
      });
      return { status: 200, body: { received: true, duplicate: outcome.duplicate } };
    },
  }),
];
