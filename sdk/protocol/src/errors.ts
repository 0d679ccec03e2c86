import { z } from "zod";

/**
 * The closed set of error codes. Each transport maps them once:
 * HTTP to problem+json statuses, gRPC to status codes.
 */
export const errorCodes = {
  /** The caller gave no credentials, or bad, expired or revoked ones. */
  unauthenticated: 401,
  /** The caller is known but its role may not do this. Never for another org's objects. */
  forbidden: 403,
  /** No such object visible to the caller (including another org's objects). */
  not_found: 404,
  /** The object already exists (duplicate name) or the state forbids the change. */
  conflict: 409,
  /** `If-Match` named a version that is no longer current. */
  precondition_failed: 412,
  /** The request body is larger than the API accepts. */
  payload_too_large: 413,
  /** The input failed validation; `errors` lists each failing field. */
  invalid: 422,
  /** The input could not be parsed at all (malformed JSON). */
  bad_request: 400,
  /** A plan or quota limit was reached. */
  limit_exceeded: 402,
  /** Too many requests; retry after the indicated time. */
  rate_limited: 429,
  /** A dependency is down; safe to retry. */
  unavailable: 503,
  /** Anything unexpected; the detail stays in the server log. */
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export const problemTypeBase = "https://trellis.dev/problems/";

export const fieldErrorSchema = z.object({
  /** JSON pointer to the failing field, e.g. `/spec/rules/0/backendRefs/1/weight`. */
  pointer: z.string(),
  detail: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details, as every API error is answered. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]),
  requestId: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
});
export type Problem = z.infer<typeof problemSchema>;
