import type { AuthzPolicyV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { type AuthzRequest, authorize, indexAuthorizationPolicy } from "./authz.ts";
import { JwksCache } from "./jwt.ts";

// Evaluation of snapshot v2 policies: who a rule admits is already exact ids and prefixes
// (the compiler resolved namespaces, `/*` ids and meshes; its tests say how).

const td = "spiffe://prod.example/";
const id = (ns: string, sa: string) => `${td}ns/${ns}/sa/${sa}`;
type Rule = AuthzPolicyV2["rules"][number];
const from = (exact: string[] = [], prefixes: string[] = [], unauthenticated = false): Rule["from"] => ({
  exact,
  prefixes,
  unauthenticated,
});
const policy = (name: string, rules: Rule[], extra: Partial<AuthzPolicyV2> = {}) =>
  indexAuthorizationPolicy(
    { source: { kind: "AuthorizationPolicy", name }, action: "ALLOW", rules, ...extra },
    new JwksCache(),
  );
const req = (clientId: string | undefined, method = "GET", path = "/", route?: string): AuthzRequest => ({
  clientId,
  http: { method, path, route },
});
const decide = (r: AuthzRequest, allow: Rule[][], deny: Rule[][] = [], defaultAllow = true) =>
  authorize(r, {
    allow: allow.map((rules, i) => policy(`a${i}`, rules)),
    deny: deny.map((rules, i) => policy(`d${i}`, rules, { action: "DENY" })),
    defaultAllow,
  }).kind;

describe("authorization policy evaluation", () => {
  it("admits exact ids and prefixes, refuses others and unauthenticated callers", () => {
    const allow = [[{ from: from([id("shop", "web")], [`${td}ns/ops/`]), to: [] }]];
    expect(decide(req(id("shop", "web")), allow)).toBe("allow");
    expect(decide(req(id("ops", "anything")), allow)).toBe("allow");
    expect(decide(req(id("shop", "other")), allow)).toBe("deny");
    expect(decide(req("spiffe://other.example/ns/ops/sa/x"), allow)).toBe("deny");
    expect(decide(req(undefined), allow)).toBe("deny");
  });

  it("restricts to paths, methods and route labels", () => {
    const allow = [
      [
        {
          from: from([], [`${td}ns/shop/`]),
          to: [
            { paths: [{ type: "PathPrefix" as const, value: "/public" }], methods: ["GET"], routes: [] },
            { paths: [], methods: [], routes: ["admin/ops"] },
          ],
        },
      ],
    ];
    const web = id("shop", "web");
    expect(decide(req(web, "GET", "/public/x"), allow)).toBe("allow");
    expect(decide(req(web, "POST", "/public/x"), allow)).toBe("deny");
    expect(decide(req(web, "GET", "/publicity"), allow)).toBe("deny");
    expect(decide(req(web, "POST", "/anything", "admin/ops"), allow)).toBe("allow");
    expect(decide(req(web, "POST", "/anything", "admin"), allow)).toBe("deny");
    // a connection with no HTTP request: only rules without destinations can allow it
    expect(decide({ clientId: web, http: undefined }, allow)).toBe("deny");
  });

  it("evaluates DENY first, then ALLOW, then the mesh default", () => {
    const allowAll = [[{ from: from([], [td]), to: [] }]];
    const denyWeb = [[{ from: from([id("shop", "web")]), to: [] }]];
    expect(decide(req(id("shop", "web")), allowAll, denyWeb)).toBe("deny");
    expect(decide(req(id("shop", "api")), allowAll, denyWeb)).toBe("allow");
    expect(decide(req(id("shop", "api")), [], denyWeb, false)).toBe("deny");
    expect(decide(req(id("shop", "api")), [], [], true)).toBe("allow");
    expect(decide(req(undefined), allowAll)).toBe("deny");
    expect(decide(req(undefined), [[{ from: from([], [], true), to: [] }]])).toBe("allow");
  });

  it("asks for a token when the matching ALLOW policy requires a JWT", () => {
    const jwt = { issuer: "https://issuer", audiences: ["api"], jwks: { keys: [{ kty: "EC" }] }, claims: [] };
    const p = indexAuthorizationPolicy(
      {
        source: { kind: "AuthorizationPolicy", name: "t" },
        action: "ALLOW",
        rules: [{ from: from([], [td]), to: [] }],
        jwt,
      },
      new JwksCache(),
    );
    expect(authorize(req(id("shop", "web")), { allow: [p], deny: [], defaultAllow: true }).kind).toBe("jwt");
  });

  it("refuses to index what cannot be enforced", () => {
    const rules = [
      {
        from: from([], [td]),
        to: [{ paths: [{ type: "RegularExpression" as const, value: "/(" }], methods: [], routes: [] }],
      },
    ];
    expect(() => policy("bad-regex", rules)).toThrow(/bad-regex.*Invalid regular expression/);
    const plain = { issuer: "i", audiences: ["a"], jwksUri: "http://keys.example/jwks.json", claims: [] };
    expect(() => policy("plain-jwks", [{ from: from([], [td]), to: [] }], { jwt: plain })).toThrow(
      /jwksUri must be an https URL/,
    );
    const https = { ...plain, jwksUri: "https://k/j" };
    expect(() =>
      policy("deny-jwt", [{ from: from([], [td]), to: [] }], { action: "DENY", jwt: https }),
    ).toThrow(/only makes sense on an ALLOW policy/);
  });
});
