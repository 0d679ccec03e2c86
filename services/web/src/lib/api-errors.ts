import {
  ConflictError,
  ForbiddenError,
  RateLimitedError,
  TrellisApiError,
  TrellisNetworkError,
  UnauthenticatedError,
} from "@trellis/sdk";
import { errorsByField, type FormErrors, retryAfterText } from "./field-errors.ts";

/**
 * What a form shows for a failed call: messages on its fields (from the problem's JSON
 * pointers) and one line for the form. Conflicts on a named field (taken email, mesh name)
 * go on that field too.
 */
export function formErrors(err: unknown, fields: readonly string[], conflictField?: string): FormErrors {
  if (err instanceof RateLimitedError) {
    const when = retryAfterText(err.retryAfterMs);
    return { byField: {}, other: [`Too many attempts. ${when ?? "Wait a moment and try again."}`] };
  }
  if (err instanceof TrellisApiError) {
    const sorted = errorsByField(err.errors, fields);
    if (err instanceof ConflictError && conflictField && !sorted.byField[conflictField])
      sorted.byField[conflictField] = [err.detail];
    else if (Object.keys(sorted.byField).length === 0 && sorted.other.length === 0)
      sorted.other.push(err.detail);
    return sorted;
  }
  return { byField: {}, other: [describe(err)] };
}

/** One sentence for any error, for banners. */
export function describe(err: unknown): string {
  if (err instanceof ForbiddenError) return `Your role may not do this: ${err.detail}`;
  if (err instanceof UnauthenticatedError) return "Your session ended; sign in again.";
  if (err instanceof TrellisApiError) return err.detail;
  if (err instanceof TrellisNetworkError) return "Trellis is unreachable; retrying.";
  return err instanceof Error ? err.message : String(err);
}
