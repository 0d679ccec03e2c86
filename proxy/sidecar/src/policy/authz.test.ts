import { authorizationPolicySpecSchema } from "@trellis/protocol/resources";
import { describe, expect, it } from "vitest";
import { type AuthzRequest, authorize, compileAuthorizationPolicy } from "./authz.ts";
import { JwksCache } from "./jwt.ts";

const mesh = { meshName: "prod", trustDomain: "prod.example" };
const id = (ns: string, sa: string) => `spiffe://prod.example/ns/${ns}/sa/${sa}`;
const policy = (name: string, spec: unknown) =>
  compileAuthorizationPolicy(name, authorizationPolicySpecSchema.parse(spec), mesh, new JwksCache());
const target = { kind: "Service", name: "api" };
const req = (clientId: string | undefined, method = "GET", path = "/", routeName?: string): AuthzRequest => ({
  clientId,
  http: { method, path, routeName, ruleName: undefined },
});
const decide = (r: AuthzRequest, allow: unknown[], deny: unknown[] = [], defaultAllow = true) =>
  authorize(
    r,
    {
      allow: allow.map((s, i) => policy(`a${i}`, s)),
      deny: deny.map((s, i) => policy(`d${i}`, { ...(s as object), action: "DENY" })),
      defaultAllow,
    },
    mesh.trustDomain,
  ).kind;

describe("authorization policy evaluation", () => {
  it("allows exact ids and /* prefixes, refuses others", () => {
    const allow = [
      {
        targetRef: target,
        rules: [{ from: [{ identities: [id("shop", "web"), "spiffe://prod.example/ns/ops/*"] }] }],
      },
    ];
    expect(decide(req(id("shop", "web")), allow)).toBe("allow");
    expect(decide(req(id("ops", "anything")), allow)).toBe("allow");
    expect(decide(req(id("shop", "other")), allow)).toBe("deny");
    expect(decide(req(undefined), allow)).toBe("deny");
  });

  it("matches namespaces and our own mesh by name, never another mesh's ids", () => {
    const allow = [
      { targetRef: target, rules: [{ from: [{ namespaces: ["shop"] }, { meshes: ["prod"] }] }] },
    ];
    expect(decide(req(id("shop", "x")), allow)).toBe("allow");
    expect(decide(req(id("billing", "x")), allow)).toBe("allow"); // via meshes: [prod]
    const onlyNs = [{ targetRef: target, rules: [{ from: [{ namespaces: ["shop"] }] }] }];
    expect(decide(req(id("billing", "x")), onlyNs)).toBe("deny");
    expect(decide(req("spiffe://other.example/ns/shop/sa/x"), onlyNs)).toBe("deny");
    const otherMesh = [{ targetRef: target, rules: [{ from: [{ meshes: ["staging"] }] }] }];
    expect(decide(req(id("shop", "x")), otherMesh)).toBe("deny");
  });

  it("restricts to paths, methods and routes", () => {
    const allow = [
      {
        targetRef: target,
        rules: [
          {
            from: [{ namespaces: ["shop"] }],
            to: [
              { paths: [{ type: "PathPrefix", value: "/public" }], methods: ["GET"] },
              { routes: ["admin"] },
            ],
          },
        ],
      },
    ];
    const web = id("shop", "web");
    expect(decide(req(web, "GET", "/public/x"), allow)).toBe("allow");
    expect(decide(req(web, "POST", "/public/x"), allow)).toBe("deny");
    expect(decide(req(web, "GET", "/publicity"), allow)).toBe("deny");
    expect(decide(req(web, "POST", "/anything", "admin"), allow)).toBe("allow");
    // opaque TCP carries no path: only rules without `to` can allow it
    expect(decide({ clientId: web, http: undefined }, allow)).toBe("deny");
  });

  it("evaluates DENY first, then ALLOW, then the mesh default", () => {
    const allowAll = [{ targetRef: target, rules: [{ from: [{}] }] }];
    const denyWeb = [{ targetRef: target, rules: [{ from: [{ identities: [id("shop", "web")] }] }] }];
    expect(decide(req(id("shop", "web")), allowAll, denyWeb)).toBe("deny");
    expect(decide(req(id("shop", "api")), allowAll, denyWeb)).toBe("allow");
    expect(decide(req(id("shop", "api")), [], denyWeb, false)).toBe("deny");
    expect(decide(req(id("shop", "api")), [], [], true)).toBe("allow");
    // `{}` is every authenticated caller, not plaintext ones
    expect(decide(req(undefined), allowAll)).toBe("deny");
    expect(
      decide(req(undefined), [{ targetRef: target, rules: [{ from: [{ unauthenticated: true }] }] }]),
    ).toBe("allow");
  });

  it("asks for a token when the matching ALLOW policy requires a JWT", () => {
    const jwt = { issuer: "https://issuer", audiences: ["api"], jwks: { keys: [{ kty: "EC" }] } };
    expect(decide(req(id("shop", "web")), [{ targetRef: target, rules: [{ from: [{}] }], jwt }])).toBe("jwt");
  });

  it("refuses to compile what cannot be enforced", () => {
    const bad = {
      targetRef: target,
      rules: [{ from: [{}], to: [{ paths: [{ type: "RegularExpression", value: "/(" }] }] }],
    };
    expect(() => policy("bad-regex", bad)).toThrow(/bad-regex.*Invalid regular expression/);
    const httpJwks = {
      targetRef: target,
      rules: [{ from: [{}] }],
      jwt: { issuer: "i", audiences: ["a"], jwksUri: "http://keys.example/jwks.json" },
    };
    expect(() => policy("plain-jwks", httpJwks)).toThrow(/jwksUri must be an https URL/);
    const denyJwt = { ...httpJwks, action: "DENY", jwt: { ...httpJwks.jwt, jwksUri: "https://k/j" } };
    expect(() => policy("deny-jwt", denyJwt)).toThrow(/only makes sense on an ALLOW policy/);
  });
});
