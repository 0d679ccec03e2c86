import { parseDurationMs } from "../duration.ts";
import type { FieldError } from "../errors.ts";
import type { AuthorizationPolicySpec } from "./authorization-policy.ts";
import type { CircuitBreakerSpec } from "./circuit-breaker.ts";
import type { HTTPRouteSpec } from "./http-route.ts";
import type { ResourceKind } from "./kinds.ts";
import type { RateLimitSpec } from "./rate-limit.ts";
import type { RetryPolicySpec } from "./retry-policy.ts";

/**
 * Combinations each field's schema allows but a proxy could not apply. Refusing them here
 * means the API answers with the field, instead of a proxy NACKing the snapshot later.
 */
export function policyErrors(kind: ResourceKind, spec: unknown): FieldError[] {
  switch (kind) {
    case "AuthorizationPolicy":
      return authorizationErrors(spec as AuthorizationPolicySpec);
    case "HTTPRoute":
      return [...httpRouteFilterErrors(spec as HTTPRouteSpec), ...sessionErrors(spec as HTTPRouteSpec)];
    case "GRPCRoute":
      return sessionErrors(spec as HTTPRouteSpec);
    case "RetryPolicy":
      return retryErrors(spec as RetryPolicySpec);
    case "CircuitBreaker":
      return circuitBreakerErrors(spec as CircuitBreakerSpec);
    case "RateLimit":
      return rateLimitErrors(spec as RateLimitSpec);
    default:
      return [];
  }
}

function authorizationErrors(spec: AuthorizationPolicySpec): FieldError[] {
  const errors: FieldError[] = [];
  if (!spec.jwt) return errors;
  if (spec.action === "DENY") {
    errors.push({ pointer: "/spec/jwt", detail: "a JWT requirement only makes sense on an ALLOW policy" });
  }
  if (spec.jwt.jwksUri !== undefined && !spec.jwt.jwksUri.startsWith("https://")) {
    errors.push({
      pointer: "/spec/jwt/jwksUri",
      detail: "must be an https:// URL: keys fetched in the clear could be forged",
    });
  }
  spec.jwt.jwks?.keys.forEach((key, i) => {
    if (typeof key.kty !== "string")
      errors.push({ pointer: `/spec/jwt/jwks/keys/${i}/kty`, detail: "every JWK needs a kty" });
  });
  return errors;
}

function httpRouteFilterErrors(spec: HTTPRouteSpec): FieldError[] {
  const errors: FieldError[] = [];
  spec.rules.forEach((rule, r) => {
    const filters = rule.filters ?? [];
    const types = new Set(filters.map((f) => f.type));
    if (types.has("URLRewrite") && types.has("RequestRedirect")) {
      errors.push({
        pointer: `/spec/rules/${r}/filters`,
        detail: "a rule either rewrites (URLRewrite) or redirects (RequestRedirect), not both",
      });
    }
    const regexPath = (rule.matches ?? []).some((m) => m.path?.type === "RegularExpression");
    filters.forEach((f, i) => {
      const path =
        f.type === "URLRewrite"
          ? f.urlRewrite.path
          : f.type === "RequestRedirect"
            ? f.requestRedirect.path
            : undefined;
      if (regexPath && path?.type === "ReplacePrefixMatch") {
        errors.push({
          pointer: `/spec/rules/${r}/filters/${i}`,
          detail:
            "ReplacePrefixMatch needs PathPrefix matches: a regular expression has no prefix to replace",
        });
      }
    });
  });
  return errors;
}

/** A Permanent session cookie needs a lifetime: `absoluteTimeout` gives its Max-Age. */
function sessionErrors(spec: Pick<HTTPRouteSpec, "rules">): FieldError[] {
  const errors: FieldError[] = [];
  spec.rules.forEach((rule, r) => {
    const s = rule.sessionPersistence;
    if (!s) return;
    if (s.cookieConfig?.lifetimeType === "Permanent" && s.absoluteTimeout === undefined)
      errors.push({
        pointer: `/spec/rules/${r}/sessionPersistence/absoluteTimeout`,
        detail: "a Permanent session cookie needs an absoluteTimeout (its Max-Age)",
      });
    if (s.type === "Header" && s.cookieConfig !== undefined)
      errors.push({
        pointer: `/spec/rules/${r}/sessionPersistence/cookieConfig`,
        detail: "cookieConfig applies to Cookie sessions, not Header ones",
      });
  });
  return errors;
}

function retryErrors(spec: RetryPolicySpec): FieldError[] {
  const errors: FieldError[] = [];
  if (parseDurationMs(spec.backoff.maxInterval) < parseDurationMs(spec.backoff.baseInterval)) {
    errors.push({
      pointer: "/spec/backoff/maxInterval",
      detail: "must not be shorter than backoff.baseInterval",
    });
  }
  if (parseDurationMs(spec.budget.ttl) < 1000) {
    errors.push({
      pointer: "/spec/budget/ttl",
      detail: "must be at least 1s: the budget is counted over this window",
    });
  }
  return errors;
}

function circuitBreakerErrors(spec: CircuitBreakerSpec): FieldError[] {
  const od = spec.outlierDetection;
  if (od && parseDurationMs(od.maxEjectionTime) < parseDurationMs(od.baseEjectionTime)) {
    return [
      {
        pointer: "/spec/outlierDetection/maxEjectionTime",
        detail: "must not be shorter than baseEjectionTime",
      },
    ];
  }
  return [];
}

function rateLimitErrors(spec: RateLimitSpec): FieldError[] {
  return parseDurationMs(spec.per) === 0 ? [{ pointer: "/spec/per", detail: "must be longer than 0s" }] : [];
}
