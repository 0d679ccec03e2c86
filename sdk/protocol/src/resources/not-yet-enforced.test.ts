import { describe, expect, it } from "vitest";
import { pendingFeatures } from "./not-yet-enforced.ts";
import { validateResourceSpec } from "./validate.ts";

describe("features accepted by the schemas but not enforced yet", () => {
  for (const f of pendingFeatures) {
    it(`${f.feature} is refused with its pointer, for every kind it applies to`, () => {
      const refusal = {
        pointer: f.find(f.example)[0],
        detail: expect.stringContaining(`${f.feature} is not supported yet`),
      };
      // The example is written for the first kind: refused for that reason alone.
      expect(validateResourceSpec(f.kinds[0]!, "r", f.example)).toEqual({ ok: false, errors: [refusal] });
      for (const kind of f.kinds.slice(1)) {
        const result = validateResourceSpec(kind, "r", f.example);
        expect(result, kind).toMatchObject({ ok: false, errors: expect.arrayContaining([refusal]) });
      }
    });
  }

  it("the examples are otherwise valid: removing the feature makes them pass", () => {
    // The feature is the only reason for the refusal, not a mistake in the example.
    const base = { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web-v1" }] }] };
    expect(validateResourceSpec("HTTPRoute", "r", base).ok).toBe(true);
  });

  // Once refused as "not supported yet", now enforced end to end: each is accepted.
  const parent = [{ name: "web" }];
  const rule = (extra: Record<string, unknown>) => ({
    parentRefs: parent,
    rules: [{ backendRefs: [{ name: "web-v1" }], ...extra }],
  });
  const enforced: [string, "HTTPRoute" | "GRPCRoute" | "RetryPolicy", Record<string, unknown>][] = [
    [
      "requestMirror.fraction",
      "HTTPRoute",
      rule({
        filters: [
          {
            type: "RequestMirror",
            requestMirror: { backendRef: { name: "shadow" }, fraction: { numerator: 5, denominator: 1000 } },
          },
        ],
      }),
    ],
    [
      "rules[].retry (GEP-1731)",
      "HTTPRoute",
      rule({ retry: { codes: [503], attempts: 2, backoff: "100ms" } }),
    ],
    [
      "backendRefs[].filters (headers, rewrite)",
      "HTTPRoute",
      {
        parentRefs: parent,
        rules: [
          {
            backendRefs: [
              {
                name: "web-v1",
                filters: [
                  {
                    type: "RequestHeaderModifier",
                    requestHeaderModifier: { set: [{ name: "x-v", value: "1" }] },
                  },
                  { type: "URLRewrite", urlRewrite: { hostname: "v1.web" } },
                ],
              },
            ],
          },
        ],
      },
    ],
    ["sessionPersistence", "GRPCRoute", rule({ sessionPersistence: { sessionName: "s", type: "Header" } })],
    ["a rule without backendRefs", "HTTPRoute", { parentRefs: parent, rules: [{ name: "to-parent" }] }],
    [
      "the CORS filter",
      "HTTPRoute",
      rule({ filters: [{ type: "CORS", cors: { allowOrigins: ["https://a.example"] } }] }),
    ],
    [
      "parentRefs[].sectionName",
      "HTTPRoute",
      { parentRefs: [{ name: "web", sectionName: "http" }], rules: [{}] },
    ],
    [
      "targetRefs (GEP-713)",
      "RetryPolicy",
      {
        targetRefs: [
          { kind: "Service", name: "web" },
          { kind: "Service", name: "api" },
        ],
      },
    ],
  ];
  for (const [feature, kind, spec] of enforced) {
    it(`${feature} is accepted`, () => {
      expect(validateResourceSpec(kind, "r", spec)).toMatchObject({ ok: true });
    });
  }

  it("a policy names its targets once: targetRef or targetRefs, not both, not neither", () => {
    const svc = { kind: "Service", name: "web" };
    expect(validateResourceSpec("RateLimit", "r", { requests: 5 })).toEqual({
      ok: false,
      errors: [{ pointer: "/spec/targetRef", detail: expect.stringContaining("give targetRef") }],
    });
    expect(
      validateResourceSpec("RateLimit", "r", { targetRef: svc, targetRefs: [svc], requests: 5 }),
    ).toEqual({
      ok: false,
      errors: [{ pointer: "/spec/targetRefs", detail: expect.stringContaining("not both") }],
    });
  });

  it("a feature's shape is checked strictly", () => {
    const result = validateResourceSpec("HTTPRoute", "r", {
      parentRefs: [{ name: "web" }],
      rules: [{ backendRefs: [{ name: "web" }], retry: { atempts: 2 } }],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          pointer: "/spec/rules/0/retry/atempts",
          detail: expect.stringContaining('did you mean "attempts"'),
        },
      ],
    });
  });
});
