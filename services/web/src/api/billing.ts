import type { Billing } from "@trellis/sdk";
import { api } from "./client.ts";
import { optional } from "./optional.ts";

// Billing (issue 18): owner only. A control plane without the routes says "not available".

export function getBilling(): Promise<Billing> {
  return optional("Billing", api.billing.get());
}

/** Sends the browser to a Stripe-hosted page (Checkout or the Customer Portal). */
export async function goToStripe(page: "checkout" | "portal"): Promise<void> {
  const { url } = page === "checkout" ? await api.billing.checkout() : await api.billing.portal();
  window.location.assign(url);
}
