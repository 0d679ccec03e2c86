import type { Billing, PlanLimits } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { getBilling, goToStripe } from "../../api/billing.ts";
import { Badge, LoadError, Loading, Panel } from "../../components/ui.tsx";
import { useNow, usePoll } from "../../hooks/use-poll.ts";
import { describe } from "../../lib/api-errors.ts";
import { billingActions, limitUse, usageDays } from "../../lib/billing.ts";
import { dateTime } from "../../lib/format.ts";
import { PaymentBanner } from "./billing-banner.tsx";
import { UsageChart } from "./billing-usage-chart.tsx";
import "./billing.css";

const statusText: Record<Billing["status"], [string, "good" | "warn" | "bad" | "idle"]> = {
  off: ["billing off", "idle"],
  free: ["free", "idle"],
  active: ["active", "good"],
  grace: ["payment failed", "warn"],
  downgraded: ["on Free limits", "bad"],
  canceled: ["canceled", "idle"],
};

/** Settings → Billing (owner only): plan, limits, usage, upgrade (Checkout), manage (Portal). */
export function BillingPage(props: { checkout: string | null }) {
  const billing = usePoll(getBilling, 5000, []);
  const now = useNow(60_000);
  return (
    <div>
      <h1>Billing</h1>
      {props.checkout === "success" && billing.data?.subscribedPlan === "free" ? (
        <p class="success card" role="status">
          Thank you — Stripe is confirming the payment; your plan changes here within seconds.
        </p>
      ) : null}
      {props.checkout === "canceled" ? (
        <p class="card muted" role="status">
          Checkout was canceled; nothing changed.
        </p>
      ) : null}
      {billing.error ? <LoadError error={billing.error} what="billing" /> : null}
      {billing.loading ? <Loading what="billing" /> : null}
      {billing.data ? <BillingView billing={billing.data} nowMs={now} /> : null}
    </div>
  );
}

function BillingView(props: { billing: Billing; nowMs: number }) {
  const b = props.billing;
  const [label, tone] = statusText[b.status];
  const actions = billingActions(b);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const go = (page: "checkout" | "portal") => {
    setBusy(true);
    setError("");
    goToStripe(page).catch((err: unknown) => {
      setError(describe(err));
      setBusy(false);
    });
  };
  return (
    <>
      {/* The page re-renders on every poll: the days left are counted from this moment. */}
      <PaymentBanner billing={b} nowMs={Date.now()} />
      {error ? (
        <div class="alert" role="alert">
          {error}
        </div>
      ) : null}
      <div class="grid two">
        <Panel title="Plan">
          <p class="plan-name" data-testid="plan-name">
            {b.plan.name} <Badge tone={tone}>{label}</Badge>
          </p>
          <p class="muted" data-testid="billing-detail">
            {b.detail}
          </p>
          {b.subscription ? (
            <p class="small">
              Current period {dateTime(b.subscription.currentPeriodStart)} –{" "}
              {dateTime(b.subscription.currentPeriodEnd)}
              {b.subscription.cancelAtPeriodEnd ? ". Ends at the end of this period." : "."}
            </p>
          ) : null}
          <div class="actions">
            {actions.upgrade ? (
              <button type="button" disabled={busy} onClick={() => go("checkout")}>
                Upgrade to Team
              </button>
            ) : null}
            {actions.manage ? (
              <button type="button" class="secondary" disabled={busy} onClick={() => go("portal")}>
                Manage billing
              </button>
            ) : null}
          </div>
        </Panel>
        <Panel title="Limits">
          {(["meshes", "proxies"] as const).map((what) => (
            <LimitRow key={what} what={what} used={b.usage[what]} max={b.limits[what]} />
          ))}
          {!b.enabled ? <p class="muted small">No plan limits apply on this control plane.</p> : null}
        </Panel>
      </div>
      <Panel title="Usage this period">
        <p>
          <span class="usage-total" data-testid="proxy-hours">
            {b.usage.proxyHours}
          </span>{" "}
          proxy-hours since {dateTime(b.usage.periodStart)}
          {b.plan.metered ? ", billed per proxy-hour" : ""}
        </p>
        <UsageChart days={usageDays(b.usage.hours, b.usage.periodStart, b.usage.periodEnd, props.nowMs)} />
      </Panel>
      <Panel title="Plans">
        <table>
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Meshes</th>
              <th scope="col">Proxies</th>
              <th scope="col">Pricing</th>
            </tr>
          </thead>
          <tbody>
            {b.plans.map((p) => (
              <tr key={p.id} aria-current={p.id === b.plan.id ? "true" : undefined}>
                <th scope="row">
                  {p.name}
                  {p.id === b.plan.id ? " (current)" : ""}
                </th>
                <td>{p.limits.meshes ?? "custom"}</td>
                <td>{p.limits.proxies ?? "custom"}</td>
                <td>{p.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </>
  );
}

function LimitRow(props: { what: keyof PlanLimits; used: number; max: number | null }) {
  const use = limitUse(props.used, props.max);
  return (
    <div class={`limit-row ${use.level}`} data-testid={`limit-${props.what}`}>
      <span>{props.what === "meshes" ? "Meshes" : "Proxies"}</span>
      {use.ratio === null ? (
        <span class="muted">—</span>
      ) : (
        <progress value={use.ratio} max={1} aria-label={`${props.what}: ${use.text}`} />
      )}
      <span>{use.text}</span>
    </div>
  );
}
