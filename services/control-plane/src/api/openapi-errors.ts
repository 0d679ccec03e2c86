import { type ErrorCode, errorCodes } from "@trellis/protocol/errors";
import type { RouteDef } from "./route.ts";

const descriptions: Record<ErrorCode, string> = {
  unauthenticated: "No credentials, or bad, expired or revoked ones",
  forbidden: "The caller's role may not do this",
  not_found: "No such object for this caller",
  conflict: "A name is taken, or the object's state forbids the change",
  precondition_failed: "If-Match / If-None-Match did not hold",
  payload_too_large: "The body is larger than 1 MiB",
  invalid: "A field failed validation; `errors` names each by JSON pointer",
  bad_request: "The body is not valid JSON",
  limit_exceeded: "A plan or quota limit was reached",
  rate_limited: "Too many requests; see Retry-After",
  unavailable: "A dependency is down; safe to retry",
  internal: "Something went wrong on our side",
};

/** The `responses` component name of an error code: `NotFound`, `PreconditionFailed`… */
export const errorComponent = (code: ErrorCode) =>
  code
    .split("_")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");

/**
 * The 4xx answers of one operation: those its shape implies (credentials → 401/403, a path
 * parameter → 404, a body → 400/413/422, a query or typed path parameter → 422, a precondition → 412, an
 * Idempotency-Key → 422) plus the route's own `errors`. Pure.
 */
export function errorCodesOf(r: RouteDef): ErrorCode[] {
  const codes = new Set<ErrorCode>(r.errors ?? []);
  if (r.auth !== "public") {
    codes.add("unauthenticated");
    codes.add("forbidden");
  }
  if (r.path.includes(":")) codes.add("not_found");
  if (r.body) for (const c of ["bad_request", "payload_too_large", "invalid"] as const) codes.add(c);
  if (r.query || r.idempotent || r.params) codes.add("invalid");
  if (r.preconditions?.length) codes.add("precondition_failed");
  return [...codes].filter((c) => errorCodes[c] < 500).sort((a, b) => errorCodes[a] - errorCodes[b]);
}

/** `components.responses`: one problem+json answer per error code the operations use. */
export function errorResponses(used: Iterable<ErrorCode>): Record<string, unknown> {
  return Object.fromEntries(
    [...new Set(used)].map((code) => [
      errorComponent(code),
      {
        description: descriptions[code],
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      },
    ]),
  );
}
