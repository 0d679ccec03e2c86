import type { PlanId } from "@trellis/protocol/api";
import type Stripe from "stripe";

/** What the account keeps of a Stripe subscription. */
export interface SubscriptionState {
  subscriptionId: string;
  customerId: string;
  /** null when no item carries a price this control plane knows. */
  plan: PlanId | null;
  priceId: string | null;
  status: string;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  customLimits: { meshes?: number; proxies?: number } | null;
}

export interface PriceIds {
  team: string;
  enterprise: string | null;
}

const idOf = (v: string | { id: string }) => (typeof v === "string" ? v : v.id);
const date = (unixSeconds: number | undefined) => (unixSeconds ? new Date(unixSeconds * 1000) : null);

/** A positive integer from subscription metadata (`trellis_max_proxies: "500"`), else undefined. */
function limitFrom(metadata: Stripe.Metadata, key: string): number | undefined {
  const v = metadata[key];
  return v && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}

/**
 * Reads a Stripe subscription (pure). The plan comes from its items' prices; the billing
 * period from the item (since API 2025-03-31 periods live on subscription items); an
 * Enterprise contract's limits from `metadata.trellis_max_meshes` / `trellis_max_proxies`.
 */
export function subscriptionState(sub: Stripe.Subscription, prices: PriceIds): SubscriptionState {
  const items = sub.items.data;
  const known =
    items.find((i) => i.price.id === prices.enterprise) ?? items.find((i) => i.price.id === prices.team);
  const item = known ?? items[0];
  const plan: PlanId | null = !known ? null : known.price.id === prices.enterprise ? "enterprise" : "team";
  const meshes = limitFrom(sub.metadata, "trellis_max_meshes");
  const proxies = limitFrom(sub.metadata, "trellis_max_proxies");
  return {
    subscriptionId: sub.id,
    customerId: idOf(sub.customer),
    plan,
    priceId: item?.price.id ?? null,
    status: sub.status,
    currentPeriodStart: date(item?.current_period_start),
    currentPeriodEnd: date(item?.current_period_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    customLimits:
      plan === "enterprise" && (meshes !== undefined || proxies !== undefined)
        ? { ...(meshes !== undefined ? { meshes } : {}), ...(proxies !== undefined ? { proxies } : {}) }
        : null,
  };
}

/** Statuses after which a subscription bills nothing more and its plan is over. */
export const endedStatuses = new Set(["canceled", "incomplete_expired"]);
