/** An answer of the stand-in: status, JSON body, extra headers. */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A Stripe error object (`{error: {type, message, code?, param?}}`), as the SDK turns it
 * into StripeInvalidRequestError (400/404), StripeAuthenticationError (401),
 * StripeIdempotencyError (400 with type idempotency_error), StripeAPIError (5xx).
 */
export function stripeError(
  status: number,
  type: "invalid_request_error" | "idempotency_error" | "api_error",
  message: string,
  extra: { code?: string; param?: string; shouldRetry?: boolean } = {},
): Answer {
  return {
    status,
    body: {
      error: {
        type,
        message,
        ...(extra.code ? { code: extra.code } : {}),
        ...(extra.param ? { param: extra.param } : {}),
      },
    },
    ...(extra.shouldRetry === undefined
      ? {}
      : { headers: { "stripe-should-retry": String(extra.shouldRetry) } }),
  };
}

export const missingParam = (param: string) =>
  stripeError(400, "invalid_request_error", `Missing required param: ${param}.`, {
    code: "parameter_missing",
    param,
  });

export const noSuch = (what: string, id: string, param = "id") =>
  stripeError(404, "invalid_request_error", `No such ${what}: '${id}'`, { code: "resource_missing", param });
