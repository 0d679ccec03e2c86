// Entry point `@trellis/core/billing`: plans, limits, Stripe Checkout/Portal, webhooks, metering.
export { type AccountRow, loadAccount, standingOfOrg } from "./account.ts";
export { admitProxy } from "./admit-proxy.ts";
export { type BillingPassResult, runBillingPass } from "./billing-pass.ts";
export { createCheckout } from "./checkout.ts";
export { closeHours } from "./close-hours.ts";
export { billingConfigErrors, billingConfigFields, billingEnabled } from "./config.ts";
export { enforceMeshLimit } from "./enforce-mesh-limit.ts";
export { getBilling } from "./get-billing.ts";
export { handleStripeWebhook, type WebhookOutcome } from "./handle-webhook.ts";
export { hourStart } from "./hours.ts";
export { limitDetail } from "./limit-detail.ts";
export { limitsOf, planList, plans } from "./plans.ts";
export { createPortal } from "./portal.ts";
export { reportUsage } from "./report-usage.ts";
export { type BillingRuntime, createBillingRuntime } from "./runtime.ts";
export { type AccountState, type Standing, standingOf } from "./standing.ts";
export { subscriptionState } from "./subscription-state.ts";
