import type { ErrorCode, FieldError, Problem } from "@trellis/protocol/errors";

export type { ErrorCode, FieldError, Problem };

/**
 * Every error the API answers, as a typed object carrying the problem+json fields
 * (RFC 9457). Catch a subclass (`NotFoundError`, `ValidationError`, …) to handle one
 * case, or this class for all of them.
 */
export class TrellisApiError extends Error {
  /** HTTP status of the response. */
  readonly status: number;
  /** The stable error code (`not_found`, `invalid`, …); branch on this or on the class. */
  readonly code: ErrorCode;
  /** Problem type URI, e.g. `https://trellis.dev/problems/not_found`. */
  readonly type: string;
  /** Short, human summary of the problem type. */
  readonly title: string;
  /** What went wrong with this request, in words meant for a person. */
  readonly detail: string;
  /** The request id to quote to support; also in the `x-request-id` header. */
  readonly requestId: string | undefined;
  /** Field-level errors (JSON pointers into the request), when the server gave any. */
  readonly errors: FieldError[];
  /** The method and path of the failed request, e.g. `GET /v1/meshes/prod`. */
  readonly request: string;

  constructor(problem: Problem, request: string) {
    super(`${problem.detail} (${problem.code}, HTTP ${problem.status}; ${request})`);
    this.name = new.target.name;
    this.status = problem.status;
    this.code = problem.code;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.requestId = problem.requestId;
    this.errors = problem.errors ?? [];
    this.request = request;
  }
}

/** 400: the request could not be parsed at all (malformed JSON). */
export class BadRequestError extends TrellisApiError {}
/** 401: no credentials, or bad, expired or revoked ones. Log in again or use another token. */
export class UnauthenticatedError extends TrellisApiError {}
/** 402: a plan or quota limit was reached. */
export class LimitExceededError extends TrellisApiError {}
/** 403: the caller's role may not do this (or a cookie session sent no CSRF token). */
export class ForbiddenError extends TrellisApiError {}
/** 404: no such object visible to the caller (other orgs' objects are 404 too). */
export class NotFoundError extends TrellisApiError {
  /** True when the server has no such route at all (an older control plane), not a missing object. */
  get routeMissing(): boolean {
    return this.detail.startsWith("no route for ");
  }
}
/** 409: a duplicate name, or the object's state forbids the change. */
export class ConflictError extends TrellisApiError {}
/** 412: `If-Match` named a version that is no longer current; re-read and retry. */
export class PreconditionFailedError extends TrellisApiError {}
/** 413: the body is larger than the API accepts. */
export class PayloadTooLargeError extends TrellisApiError {}
/** 500: something failed on the server; quote `requestId` to support. */
export class InternalServerError extends TrellisApiError {}

/** 422: the input failed validation; `fields` lists each failing field. */
export class ValidationError extends TrellisApiError {
  /** Each failing field: a JSON pointer (`/spec/rules/0/weight`), a dotted path and the reason. */
  get fields(): (FieldError & { path: string })[] {
    return this.errors.map((e) => ({ ...e, path: pointerToPath(e.pointer) }));
  }
}

/** A response that may be retried later: 429 and 503 carry how long to wait. */
export class RetryableError extends TrellisApiError {
  /** How long the server asked us to wait (from `Retry-After`), if it said. */
  readonly retryAfterMs: number | undefined;
  constructor(problem: Problem, request: string, retryAfterMs?: number) {
    super(problem, request);
    this.retryAfterMs = retryAfterMs;
  }
}
/** 429: too many requests, and the client's retries ran out. */
export class RateLimitedError extends RetryableError {}
/** 503: a dependency of the API is down, and the client's retries ran out. */
export class UnavailableError extends RetryableError {}

/** The request never got an HTTP answer: DNS, refused connection, reset, timeout. */
export class TrellisNetworkError extends Error {
  /** The method and URL of the failed request. */
  readonly request: string;
  constructor(request: string, cause: unknown) {
    const reason = describeCause(cause);
    super(`could not reach the Trellis API (${request}): ${reason}`, { cause });
    this.name = "TrellisNetworkError";
    this.request = request;
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as Error & { cause?: unknown }).cause;
  if (inner instanceof Error)
    return "code" in inner ? `${(inner as Error & { code: string }).code}: ${inner.message}` : inner.message;
  if (cause.name === "TimeoutError") return "timed out";
  return cause.message;
}

const classes: Record<ErrorCode, typeof TrellisApiError> = {
  bad_request: BadRequestError,
  unauthenticated: UnauthenticatedError,
  limit_exceeded: LimitExceededError,
  forbidden: ForbiddenError,
  not_found: NotFoundError,
  conflict: ConflictError,
  precondition_failed: PreconditionFailedError,
  payload_too_large: PayloadTooLargeError,
  invalid: ValidationError,
  rate_limited: RateLimitedError,
  unavailable: UnavailableError,
  internal: InternalServerError,
};

const codeByStatus: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthenticated",
  402: "limit_exceeded",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  412: "precondition_failed",
  413: "payload_too_large",
  422: "invalid",
  429: "rate_limited",
  503: "unavailable",
};

/**
 * Builds the typed error for an error response. A body that is not problem+json (a load
 * balancer's HTML page) still gives a typed error, with the code guessed from the status.
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  request: string,
  retryAfterMs?: number,
): TrellisApiError {
  const problem = asProblem(status, body);
  if (problem.code === "rate_limited") return new RateLimitedError(problem, request, retryAfterMs);
  if (problem.code === "unavailable") return new UnavailableError(problem, request, retryAfterMs);
  return new classes[problem.code](problem, request);
}

function asProblem(status: number, body: unknown): Problem {
  const b = (body ?? {}) as Partial<Problem>;
  const code: ErrorCode =
    typeof b.code === "string" && b.code in classes ? b.code : (codeByStatus[status] ?? "internal");
  return {
    type: typeof b.type === "string" ? b.type : `https://trellis.dev/problems/${code}`,
    title: typeof b.title === "string" ? b.title : `HTTP ${status}`,
    status,
    detail:
      typeof b.detail === "string"
        ? b.detail
        : `the server answered HTTP ${status} without a problem document`,
    code,
    ...(typeof b.requestId === "string" ? { requestId: b.requestId } : {}),
    ...(Array.isArray(b.errors) ? { errors: b.errors } : {}),
  };
}

/** `/spec/rules/0/backendRefs/1/weight` → `spec.rules[0].backendRefs[1].weight` (RFC 6901 unescaped). */
export function pointerToPath(pointer: string): string {
  if (pointer === "") return "";
  return pointer
    .split("/")
    .slice(1)
    .map((raw) => raw.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((path, seg) => {
      if (/^\d+$/.test(seg)) return `${path}[${seg}]`;
      return path === "" ? seg : `${path}.${seg}`;
    }, "");
}
