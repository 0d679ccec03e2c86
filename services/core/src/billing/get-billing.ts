import { schema } from "@trellis/db";
import type { Billing } from "@trellis/protocol/api";
import { and, count, eq, ne, sql } from "drizzle-orm";
import { authorize } from "../actor.ts";
import type { Context } from "../context.ts";
import { rowsOf } from "../sync/connection.ts";
import type { VerbArgs } from "../verb.ts";
import { type AccountRow, loadAccount, standingOfOrg } from "./account.ts";
import { describeStanding } from "./describe.ts";
import { hourStart, monthOf } from "./hours.ts";
import { planList, plans } from "./plans.ts";

/** `GET /v1/billing`: plan, standing, limits and the period's usage (owner only). */
export async function getBilling({ ctx, actor }: VerbArgs<unknown>): Promise<Billing> {
  authorize(actor, "billing");
  const [account, standing] = await Promise.all([
    loadAccount(ctx.db, actor.orgId),
    standingOfOrg(ctx, ctx.db, actor.orgId),
  ]);
  const period = periodOf(account, ctx.clock.now());
  const [meshes, proxies, hours] = await Promise.all([
    ctx.db.select({ n: count() }).from(schema.meshes).where(eq(schema.meshes.orgId, actor.orgId)),
    ctx.db
      .select({ n: count() })
      .from(schema.proxies)
      .where(and(eq(schema.proxies.orgId, actor.orgId), ne(schema.proxies.health, "gone"))),
    usageHours(ctx, actor.orgId, period),
  ]);
  return {
    enabled: ctx.billing.enabled,
    status: standing.status,
    plan: plans[standing.plan],
    subscribedPlan: standing.subscribedPlan,
    limits: standing.limits,
    subscription: account?.stripeSubscriptionId
      ? {
          status: account.subscriptionStatus ?? "unknown",
          currentPeriodStart: account.currentPeriodStart?.toISOString() ?? null,
          currentPeriodEnd: account.currentPeriodEnd?.toISOString() ?? null,
          cancelAtPeriodEnd: account.cancelAtPeriodEnd,
        }
      : null,
    paymentFailed:
      account?.paymentFailedAt && account.graceEndsAt
        ? { at: account.paymentFailedAt.toISOString(), graceEndsAt: account.graceEndsAt.toISOString() }
        : null,
    usage: {
      meshes: meshes[0]?.n ?? 0,
      proxies: proxies[0]?.n ?? 0,
      periodStart: period.start.toISOString(),
      periodEnd: period.end.toISOString(),
      proxyHours: hours.reduce((sum, h) => sum + h.proxyHours, 0),
      hours,
    },
    plans: planList,
    detail: describeStanding(standing, account?.graceEndsAt ?? null),
  };
}

/** The subscription's current period, else the calendar month. */
function periodOf(account: AccountRow | null, now: Date): { start: Date; end: Date } {
  const start = account?.currentPeriodStart;
  const end = account?.currentPeriodEnd;
  if (account?.plan !== "free" && start && end && start <= now && now < end) return { start, end };
  return monthOf(now);
}

async function usageHours(ctx: Context, orgId: string, period: { start: Date; end: Date }) {
  const rows = await ctx.db.execute(sql`
    select hour, count(*)::int as n from proxy_hours
    where org_id = ${orgId} and hour >= ${hourStart(period.start).toISOString()}::timestamptz
      and hour < ${period.end.toISOString()}::timestamptz
    group by hour order by hour`);
  return rowsOf<{ hour: string | Date; n: number | string }>(rows).map((r) => ({
    hour: new Date(r.hour).toISOString(),
    proxyHours: Number(r.n),
  }));
}
