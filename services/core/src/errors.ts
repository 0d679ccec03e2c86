import type { ErrorCode, FieldError } from "@trellis/protocol/errors";

/** The closed family of errors verbs throw; each transport maps them once. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

/** No such object for this caller, including another org's objects (never 403 for those). */
export const notFound = (what: string) => new AppError("not_found", `${what} was not found`);
/** A name is taken, or the object's state forbids the change. */
export const conflict = (detail: string) => new AppError("conflict", detail);
/** Input failed validation; `errors` name each field by JSON pointer. */
export const invalid = (detail: string, errors?: FieldError[]) =>
  new AppError("invalid", detail, errors ? { errors } : {});
/** The caller's role may not do this. */
export const forbidden = (detail: string) => new AppError("forbidden", detail);
/** Missing, bad, expired or revoked credentials. */
export const unauthenticated = (detail: string) => new AppError("unauthenticated", detail);
/** `If-Match` named a stale version. */
export const preconditionFailed = (detail: string) => new AppError("precondition_failed", detail);
/** A plan or quota limit. */
export const limitExceeded = (detail: string) => new AppError("limit_exceeded", detail);
/** Too many attempts; retry later. */
export const rateLimited = (detail: string, retryAfterSeconds: number) =>
  new AppError("rate_limited", detail, { retryAfterSeconds });
/** A dependency is down. */
export const unavailable = (detail: string) => new AppError("unavailable", detail);
