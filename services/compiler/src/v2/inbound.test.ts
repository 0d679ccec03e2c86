import { meshSettingsSpecSchema } from "@trellis/protocol/resources";
import type { InboundV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { golden } from "../testing/golden.ts";
import { compileV2, meshInput, resource, service } from "../testing/mesh-fixtures.ts";

const td = "spiffe://shop.trellis.test";
const shop = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: "shop", ...extra });
const target = (name: string) => ({ kind: "Service", name, namespace: "shop" });
const jwks = { keys: [{ kty: "RSA", n: "abc", e: "AQAB", kid: "k1" }] };

const input = meshInput({
  settings: meshSettingsSpecSchema.parse({ defaultPolicy: "deny" }),
  services: [
    service("web"),
    service("api"),
    service("pay"),
    service("plain"),
    service("db", { ports: [{ port: 5432, protocol: "tcp" }] }),
  ],
  resources: [
    resource("AuthorizationPolicy", "web-allow", {
      targetRef: target("web"),
      rules: [
        {
          from: [
            { namespaces: ["shop"] },
            { identities: [`${td}/ns/ops/sa/*`, `${td}/ns/shop/sa/x`, `${td}/vm/batch`] },
          ],
        },
      ],
    }),
    resource("AuthorizationPolicy", "web-deny", {
      targetRef: target("web"),
      action: "DENY",
      rules: [{ from: [{ meshes: ["other-mesh"] }, { unauthenticated: true }] }],
    }),
    resource("AuthorizationPolicy", "api-admin", {
      targetRef: target("api"),
      rules: [
        {
          from: [{}],
          to: [
            {
              paths: [{ type: "Exact", value: "/admin" }],
              methods: ["POST"],
              routes: ["api-route", "read", "nope"],
            },
          ],
        },
      ],
      jwt: { issuer: "https://issuer.example", audiences: ["api"], jwks },
    }),
    resource("AuthorizationPolicy", "api-mesh", {
      targetRef: target("api"),
      rules: [{ from: [{ meshes: ["shop"] }, { namespaces: ["shop"] }] }],
    }),
    resource("AuthorizationPolicy", "db-reads", {
      targetRef: target("db"),
      rules: [{ from: [{ namespaces: ["shop"] }], to: [{ methods: ["GET"] }] }],
    }),
    resource("HTTPRoute", "api-route", {
      parentRefs: [shop("api")],
      rules: [
        { name: "read", matches: [{ method: "GET" }], backendRefs: [shop("api")] },
        { backendRefs: [shop("api")] },
      ],
    }),
    resource("HTTPRoute", "pay-route", {
      parentRefs: [shop("pay")],
      rules: [{ name: "read", backendRefs: [shop("pay", { weight: 1 }), shop("plain", { weight: 1 })] }],
    }),
    resource(
      "RateLimit",
      "api-route-limit",
      { targetRef: { kind: "HTTPRoute", name: "api-route" }, requests: 100 },
      4,
    ),
    resource("RateLimit", "pay-route-limit", {
      targetRef: { kind: "HTTPRoute", name: "pay-route" },
      requests: 5,
    }),
    resource("RateLimit", "pay-limit", {
      targetRef: target("pay"),
      requests: 10,
      per: "1m",
      burst: 20,
      perClientIdentity: true,
    }),
    resource("RateLimit", "db-limit", { targetRef: target("db"), requests: 1 }),
  ],
});

function inbound(name: string): InboundV2 {
  const found = compileV2(input).inbound.find((i) => i.service.name === name);
  if (!found) throw new Error(`no inbound for ${name}`);
  return found;
}

describe("snapshot v2: inbound authorization", () => {
  it("resolves namespaces, /* ids and meshes to SPIFFE prefixes, DENY policies first", () => {
    const web = inbound("web");
    expect(web.defaultAction).toBe("deny");
    expect(web.policies.map((p) => [p.source.name, p.action])).toEqual([
      ["web-deny", "DENY"],
      ["web-allow", "ALLOW"],
    ]);
    // Another mesh's workloads cannot present an id this mesh trusts: only the plaintext caller is denied.
    expect(web.policies[0]!.rules[0]!.from).toEqual({ exact: [], prefixes: [], unauthenticated: true });
    expect(web.policies[1]!.rules[0]).toEqual({
      from: {
        exact: [`${td}/vm/batch`],
        prefixes: [`${td}/ns/ops/sa/`, `${td}/ns/shop/`],
        unauthenticated: false,
      },
      to: [],
    });
    expect(inbound("api").policies[1]!.rules[0]!.from).toEqual({
      exact: [],
      prefixes: [`${td}/`],
      unauthenticated: false,
    });
    golden("v2/inbound", compileV2(input));
  });

  it("turns route and rule names into the route labels clients stamp, and carries the JWT", () => {
    const admin = inbound("api").policies[0]!;
    expect(admin.rules[0]).toEqual({
      from: { exact: [], prefixes: [`${td}/`], unauthenticated: false },
      to: [
        {
          paths: [{ type: "Exact", value: "/admin" }],
          methods: ["POST"],
          routes: ["api-route", "api-route/read", "nope", "pay-route/read"],
        },
      ],
    });
    expect(admin.jwt).toEqual({ issuer: "https://issuer.example", audiences: ["api"], jwks, claims: [] });
  });
});

describe("snapshot v2: inbound rate limits and L4 pass-through", () => {
  it("puts a route's limit on the services its backends name, one entry per label sharing one bucket", () => {
    expect(inbound("api").rateLimits).toEqual([
      {
        source: { kind: "RateLimit", name: "api-route-limit", namespace: "default" },
        stateKey: "rl:default/api-route-limit@4",
        route: "api-route",
        requests: 100,
        perMs: 1000,
        burst: 100,
        perClientIdentity: false,
      },
      {
        source: { kind: "RateLimit", name: "api-route-limit", namespace: "default" },
        stateKey: "rl:default/api-route-limit@4",
        route: "api-route/read",
        requests: 100,
        perMs: 1000,
        burst: 100,
        perClientIdentity: false,
      },
    ]);
    expect(inbound("pay").rateLimits.map((r) => [r.source.name, r.route])).toEqual([
      ["pay-limit", undefined],
      ["pay-route-limit", "pay-route/read"],
    ]);
    expect(inbound("pay").rateLimits[0]).toMatchObject({ perMs: 60_000, burst: 20, perClientIdentity: true });
    expect(inbound("plain").rateLimits.map((r) => r.route)).toEqual(["pay-route/read"]);
  });

  it("passes L4 through only when nothing needs HTTP, and always for opaque TCP", () => {
    const l4 = Object.fromEntries(compileV2(input).inbound.map((i) => [i.service.name, i.l4PassThrough]));
    expect(l4).toEqual({ api: false, db: true, pay: false, plain: false, web: true });
  });
});
