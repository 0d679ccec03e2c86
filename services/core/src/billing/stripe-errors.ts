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
    const type = stripeErrorType(err);
    const misconfigured =
      type === "StripeAuthenticationError" ||
      type === "StripePermissionError" ||
      type === "StripeInvalidRequestError";
    const log = misconfigured ? ctx.logger.error : ctx.logger.warn;
    log.call(ctx.logger, `Stripe failed ${what}`, {
      err,
      stripeCode: type ? (err as { code?: string }).code : undefined,
      stripeRequestId: type ? (err as { requestId?: string }).requestId : undefined,
    });
    throw unavailable(
      misconfigured
        ? `billing is misconfigured on this control plane (Stripe refused ${what}); the operator has been told in the log`
        : `Stripe could not be reached (${what}); retry in a minute`,
    );
  }
}

/**
 * The `type` of an error the Stripe SDK threw (`StripeInvalidRequestError`, …), the field
 * Stripe documents for telling errors apart; undefined for any other error. Read by name
 * so that this module does not load the SDK (runtime.ts loads it only with billing on).
 */
export function stripeErrorType(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const type = (err as { type?: unknown }).type;
  return typeof type === "string" && type.startsWith("Stripe") ? type : undefined;
}
