import { z } from "zod";

// Billing (issue 18): the org's plan, its limits, metered usage and the Stripe-hosted pages.

export const planIds = ["free", "team", "enterprise"] as const;
export const planIdSchema = z.enum(planIds);
export type PlanId = z.infer<typeof planIdSchema>;

/** Limits of a plan; `null` is unlimited. */
export const planLimitsSchema = z.object({
  meshes: z.number().int().nullable(),
  proxies: z.number().int().nullable(),
});
export type PlanLimits = z.infer<typeof planLimitsSchema>;

export const planSchema = z.object({
  id: planIdSchema,
  name: z.string(),
  description: z.string(),
  limits: planLimitsSchema,
  /** Billed per proxy-hour through Stripe's meter. */
  metered: z.boolean(),
});
export type Plan = z.infer<typeof planSchema>;

/**
 * Where the org stands: `off` (billing is off on this control plane: no limits), `free`,
 * `active` (paid plan in good standing, including Stripe's `trialing`), `grace` (a payment
 * failed; the paid limits hold until `paymentFailed.graceEndsAt`), `downgraded` (the grace
 * period ran out: Free limits until an invoice is paid), `canceled` (the subscription ended).
 */
export const billingStatusSchema = z.enum(["off", "free", "active", "grace", "downgraded", "canceled"]);
export type BillingStatus = z.infer<typeof billingStatusSchema>;

export const usageHourSchema = z.object({ hour: z.string(), proxyHours: z.number().int() });
export type UsageHour = z.infer<typeof usageHourSchema>;

export const billingSchema = z.object({
  /** False when the control plane has no Stripe keys: every limit is lifted. */
  enabled: z.boolean(),
  status: billingStatusSchema,
  /** The plan whose limits apply now. */
  plan: planSchema,
  /** The plan the subscription pays for (differs from `plan` once downgraded). */
  subscribedPlan: planIdSchema,
  /** Limits that apply now (`null` each when billing is off). */
  limits: planLimitsSchema,
  subscription: z
    .object({
      status: z.string(),
      currentPeriodStart: z.string().nullable(),
      currentPeriodEnd: z.string().nullable(),
      cancelAtPeriodEnd: z.boolean(),
    })
    .nullable(),
  paymentFailed: z.object({ at: z.string(), graceEndsAt: z.string() }).nullable(),
  usage: z.object({
    meshes: z.number().int(),
    proxies: z.number().int(),
    /** The current billing period (the calendar month on Free). */
    periodStart: z.string(),
    periodEnd: z.string(),
    /** Proxy-hours in the period so far (the current hour included, still counting). */
    proxyHours: z.number().int(),
    /** Proxy-hours per hour of the period, oldest first; hours without proxies are left out. */
    hours: z.array(usageHourSchema),
  }),
  /** Every plan, for comparison. */
  plans: z.array(planSchema),
  /** A sentence saying what applies, e.g. why limits are lifted. */
  detail: z.string(),
});
export type Billing = z.infer<typeof billingSchema>;

export const checkoutInputSchema = z.object({ plan: z.literal("team").default("team") });
export type CheckoutInput = z.input<typeof checkoutInputSchema>;

/** A Stripe-hosted page to send the browser to (Checkout or the Customer Portal). */
export const billingRedirectSchema = z.object({ url: z.string() });
export type BillingRedirect = z.infer<typeof billingRedirectSchema>;
