import type { Billing, UsageHour } from "@trellis/sdk";

// Pure logic of the Billing page: the usage chart's days, limit gauges and the banner.

export interface UsageDay {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  proxyHours: number;
}

const dayMs = 86_400_000;

/**
 * Proxy-hours per UTC day from the period's start to `nowMs` (or the period's end), every
 * day present so gaps show as zero bars rather than being skipped.
 */
export function usageDays(
  hours: readonly UsageHour[],
  periodStart: string,
  periodEnd: string,
  nowMs: number,
): UsageDay[] {
  const start = Math.floor(Date.parse(periodStart) / dayMs) * dayMs;
  const end = Math.min(Date.parse(periodEnd), nowMs);
  const days: UsageDay[] = [];
  const index = new Map<string, UsageDay>();
  for (let t = start; t < end || days.length === 0; t += dayMs) {
    const d = { day: new Date(t).toISOString().slice(0, 10), proxyHours: 0 };
    days.push(d);
    index.set(d.day, d);
  }
  for (const h of hours) {
    const d = index.get(h.hour.slice(0, 10));
    if (d) d.proxyHours += h.proxyHours;
  }
  return days;
}

export interface LimitUse {
  text: string;
  /** 0–1 of the limit in use; null when unlimited. */
  ratio: number | null;
  level: "ok" | "near" | "full";
}

/** "7 of 10" with how close to the limit it is (near from 80%). */
export function limitUse(used: number, max: number | null): LimitUse {
  if (max === null) return { text: `${used} (no limit)`, ratio: null, level: "ok" };
  const ratio = max === 0 ? 1 : Math.min(used / max, 1);
  return { text: `${used} of ${max}`, ratio, level: used >= max ? "full" : ratio >= 0.8 ? "near" : "ok" };
}

export interface Banner {
  tone: "warn" | "bad";
  title: string;
  text: string;
}

/** The payment-failed banner: during the grace period (warn) and once downgraded (bad). */
export function paymentBanner(b: Billing, nowMs: number): Banner | null {
  if (b.status === "grace" && b.paymentFailed) {
    const days = Math.max(0, Math.ceil((Date.parse(b.paymentFailed.graceEndsAt) - nowMs) / dayMs));
    return {
      tone: "warn",
      title: "Payment failed",
      text: `We could not charge your card. ${b.plan.name} limits stay for ${days} more day${days === 1 ? "" : "s"}; update your payment method in the Customer Portal to keep them.`,
    };
  }
  if (b.status === "downgraded")
    return {
      tone: "bad",
      title: "Payment failed — on Free limits",
      text: "The grace period ended, so new meshes and proxies are held to the Free plan. Everything already running keeps running. Pay the open invoice in the Customer Portal to restore your plan.",
    };
  return null;
}

/** What the page offers: upgrade (Checkout), manage (Portal), both or neither. */
export function billingActions(b: Billing): { upgrade: boolean; manage: boolean } {
  if (!b.enabled) return { upgrade: false, manage: false };
  return { upgrade: b.subscribedPlan === "free", manage: b.subscription !== null };
}
