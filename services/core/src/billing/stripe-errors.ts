import Stripe from "stripe";
import type { Context } from "../context.ts";
import { unavailable } from "../errors.ts";

/**
 * Runs a Stripe call; any failure becomes Unavailable (503, safe to retry) with a detail
 * that names what failed but never Stripe's raw message, which the log keeps. A
 * misconfiguration (bad key, unknown price) is logged as an error for the operator.
 */
export async function withStripe<T>(ctx: Context, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const misconfigured =
      err instanceof Stripe.errors.StripeAuthenticationError ||
      err instanceof Stripe.errors.StripePermissionError ||
      err instanceof Stripe.errors.StripeInvalidRequestError;
    const log = misconfigured ? ctx.logger.error : ctx.logger.warn;
    log.call(ctx.logger, `Stripe failed ${what}`, {
      err,
      stripeCode: err instanceof Stripe.errors.StripeError ? err.code : undefined,
      stripeRequestId: err instanceof Stripe.errors.StripeError ? err.requestId : undefined,
    });
    throw unavailable(
      misconfigured
        ? `billing is misconfigured on this control plane (Stripe refused ${what}); the operator has been told in the log`
        : `Stripe could not be reached (${what}); retry in a minute`,
    );
  }
}
