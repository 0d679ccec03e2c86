import { describe, expect, it } from "vitest";
import { validateResourceSpec } from "./validate.ts";

const svc = { kind: "Service", name: "catalog" };
const pointers = (r: ReturnType<typeof validateResourceSpec>) => (r.ok ? [] : r.errors.map((e) => e.pointer));

describe("combinations a proxy could not apply are refused at the API", () => {
  it("JWT on a DENY policy, a plain-http JWKS URL, a key without kty", () => {
    const jwt = { issuer: "https://idp", audiences: ["shop"], jwksUri: "http://idp/jwks" };
    expect(
      pointers(
        validateResourceSpec("AuthorizationPolicy", "p", {
          targetRef: svc,
          action: "DENY",
          rules: [{ from: [{ namespaces: ["a"] }] }],
          jwt,
        }),
      ),
    ).toEqual(["/spec/jwt", "/spec/jwt/jwksUri"]);
    const inline = { issuer: "https://idp", audiences: ["shop"], jwks: { keys: [{ n: "x" }] } };
    expect(
      pointers(
        validateResourceSpec("AuthorizationPolicy", "p", {
          targetRef: svc,
          rules: [{ from: [{ namespaces: ["a"] }] }],
          jwt: inline,
        }),
      ),
    ).toEqual(["/spec/jwt/jwks/keys/0/kty"]);
  });

  it("a rule that both rewrites and redirects, and ReplacePrefixMatch after a regex match", () => {
    const rewrite = {
      type: "URLRewrite",
      urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/v2" } },
    };
    const redirect = { type: "RequestRedirect", requestRedirect: { hostname: "x" } };
    const both = validateResourceSpec("HTTPRoute", "r", {
      parentRefs: [svc],
      rules: [{ filters: [rewrite, redirect] }],
    });
    expect(pointers(both)).toContain("/spec/rules/0/filters");
    const regex = validateResourceSpec("HTTPRoute", "r", {
      parentRefs: [svc],
      rules: [
        {
          matches: [{ path: { type: "RegularExpression", value: "/v[0-9]+" } }],
          filters: [rewrite],
          backendRefs: [svc],
        },
      ],
    });
    expect(pointers(regex)).toEqual(["/spec/rules/0/filters/0"]);
  });

  it("backoff, budget, ejection and rate windows that cannot work", () => {
    expect(
      pointers(
        validateResourceSpec("RetryPolicy", "p", {
          targetRef: svc,
          backoff: { baseInterval: "1s", maxInterval: "10ms" },
          budget: { ttl: "500ms" },
        }),
      ),
    ).toEqual(["/spec/backoff/maxInterval", "/spec/budget/ttl"]);
    expect(
      pointers(
        validateResourceSpec("CircuitBreaker", "p", {
          targetRef: svc,
          outlierDetection: { baseEjectionTime: "1m", maxEjectionTime: "10s" },
        }),
      ),
    ).toEqual(["/spec/outlierDetection/maxEjectionTime"]);
    expect(
      pointers(validateResourceSpec("RateLimit", "p", { targetRef: svc, requests: 5, per: "0s" })),
    ).toEqual(["/spec/per"]);
  });

  it("still accepts the sensible versions", () => {
    expect(validateResourceSpec("RetryPolicy", "p", { targetRef: svc }).ok).toBe(true);
    expect(validateResourceSpec("RateLimit", "p", { targetRef: svc, requests: 5 }).ok).toBe(true);
  });

  it("refuses a Permanent session cookie without a lifetime, and cookie settings on a header session", () => {
    const route = (sessionPersistence: unknown) => ({
      parentRefs: [{ name: "web" }],
      rules: [{ backendRefs: [{ name: "web" }], sessionPersistence }],
    });
    expect(
      pointers(
        validateResourceSpec("HTTPRoute", "r", route({ cookieConfig: { lifetimeType: "Permanent" } })),
      ),
    ).toEqual(["/spec/rules/0/sessionPersistence/absoluteTimeout"]);
    expect(
      pointers(validateResourceSpec("GRPCRoute", "r", route({ type: "Header", cookieConfig: {} }))),
    ).toEqual(["/spec/rules/0/sessionPersistence/cookieConfig"]);
    expect(
      validateResourceSpec(
        "HTTPRoute",
        "r",
        route({ absoluteTimeout: "1h", cookieConfig: { lifetimeType: "Permanent" } }),
      ).ok,
    ).toBe(true);
  });
});
