import type { Answer } from "./errors.ts";
import { stripeError } from "./errors.ts";
import type { StandInState } from "./state.ts";

/**
 * Stripe's Idempotency-Key semantics: the first request's answer is stored once its
 * endpoint began executing (success or error, 500s included) and replayed, with
 * `Idempotent-Replayed: true`, for the same key; the same key with other parameters is an
 * `idempotency_error`. Answers of requests that failed validation are not stored.
 */
export function replayed(state: StandInState, key: string | undefined, fingerprint: string): Answer | null {
  if (!key) return null;
  const stored = state.idempotency.get(key);
  if (!stored) return null;
  if (stored.fingerprint !== fingerprint)
    return stripeError(
      400,
      "idempotency_error",
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  return { status: stored.status, body: stored.body, headers: { "idempotent-replayed": "true" } };
}

export function store(
  state: StandInState,
  key: string | undefined,
  fingerprint: string,
  answer: Answer,
): void {
  if (key && answer.status !== 400 && answer.status !== 401)
    state.idempotency.set(key, { fingerprint, status: answer.status, body: answer.body });
}
