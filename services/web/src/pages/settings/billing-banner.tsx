import type { Billing } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { getBilling, goToStripe } from "../../api/billing.ts";
import { usePoll } from "../../hooks/use-poll.ts";
import { describe } from "../../lib/api-errors.ts";
import { paymentBanner } from "../../lib/billing.ts";
import "./billing.css";

/** The payment-failed banner, with the way out: the Customer Portal. */
export function PaymentBanner(props: { billing: Billing; nowMs: number }) {
  const banner = paymentBanner(props.billing, props.nowMs);
  const [error, setError] = useState("");
  if (!banner) return null;
  return (
    <div class={`billing-banner ${banner.tone}`} role="alert" data-testid="payment-banner">
      <strong>{banner.title}.</strong> {banner.text}{" "}
      <button
        type="button"
        onClick={() => goToStripe("portal").catch((err: unknown) => setError(describe(err)))}
      >
        Update payment method
      </button>
      {error ? <p>{error}</p> : null}
    </div>
  );
}

/**
 * The same banner on every console page of an owner (who alone can fix it), polled once a
 * minute; silent when billing is off, fine, or unreachable.
 */
export function ConsoleBillingBanner() {
  const billing = usePoll(getBilling, 60_000, []);
  return billing.data ? <PaymentBanner billing={billing.data} nowMs={Date.now()} /> : null;
}
