import { isDatabaseUnavailable, isForeignKeyViolation, isTransactionConflict } from "@trellis/core/database";
import { AppError } from "@trellis/core/errors";
import { type ErrorCode, errorCodes, type Problem, problemTypeBase } from "@trellis/protocol/errors";

const titles: Record<ErrorCode, string> = {
  unauthenticated: "Unauthenticated",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  precondition_failed: "Precondition failed",
  payload_too_large: "Payload too large",
  invalid: "Invalid input",
  bad_request: "Bad request",
  limit_exceeded: "Limit exceeded",
  rate_limited: "Too many requests",
  unavailable: "Service unavailable",
  internal: "Internal server error",
};

/** A database restart or failover takes seconds: ask clients to come back after this. */
export const databaseRetryAfterSeconds = 2;

/**
 * The error family for `err`: itself when it is one; a lost or refused database connection,
 * a deadlock or a serialization failure becomes `unavailable` (503 + Retry-After, which clients
 * and the SDK retry); a foreign key that vanished under a concurrent delete is a `conflict`;
 * anything else stays unknown.
 */
export function asAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err))
    return new AppError("unavailable", "the database is unreachable right now; retry shortly", {
      retryAfterSeconds: databaseRetryAfterSeconds,
    });
  // Rolled back whole: as safe to retry as an outage.
  if (isTransactionConflict(err))
    return new AppError("unavailable", "the request collided with a concurrent one; retry it", {
      retryAfterSeconds: 1,
    });
  if (isForeignKeyViolation(err))
    return new AppError(
      "conflict",
      "what this request refers to was deleted meanwhile; re-read it and retry",
    );
  return null;
}

/** Maps any error to an RFC 9457 problem; unknown errors become an opaque 500. */
export function toProblem(
  thrown: unknown,
  requestId: string,
): { problem: Problem; headers: Record<string, string> } {
  const err = asAppError(thrown) ?? thrown;
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (err instanceof AppError) {
    if (err.extra.retryAfterSeconds !== undefined)
      headers["retry-after"] = String(Math.ceil(err.extra.retryAfterSeconds));
    if (err.code === "unauthenticated") headers["www-authenticate"] = 'Bearer realm="trellis"';
    return { problem: problem(err.code, err.message, requestId, err.extra.errors), headers };
  }
  return {
    problem: problem(
      "internal",
      `something went wrong on our side; quote request id ${requestId} to support`,
      requestId,
    ),
    headers,
  };
}

export function problem(
  code: ErrorCode,
  detail: string,
  requestId: string,
  errors?: Problem["errors"],
): Problem {
  return {
    type: `${problemTypeBase}${code}`,
    title: titles[code],
    status: errorCodes[code],
    detail,
    code,
    requestId,
    ...(errors ? { errors } : {}),
  };
}
