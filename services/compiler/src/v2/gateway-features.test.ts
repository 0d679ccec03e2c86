import type { RouteV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { golden } from "../testing/golden.ts";
import { compileV2, meshInput, resource, service, vhost } from "../testing/mesh-fixtures.ts";

// The Gateway API features enforced since issue 16 item 3, as the data plane receives them.

const shop = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: "shop", ...extra });
const forward = (r: RouteV2 | undefined) => {
  if (r?.action.type !== "forward") throw new Error(`route ${r?.label} is ${r?.action.type}`);
  return r.action;
};
const inShop = <T extends { namespace?: string }>(r: T): T => ({ ...r, namespace: "shop" });

const input = meshInput({
  services: [
    service("web", {
      ports: [
        { port: 8080, protocol: "http", name: "http" },
        { port: 9090, protocol: "http", name: "admin" },
      ],
    }),
    service("web-v2"),
    service("shadow"),
    service("api"),
  ],
  resources: [
    inShop(
      resource("HTTPRoute", "web", {
        parentRefs: [shop("web", { sectionName: "http" })],
        rules: [
          {
            name: "mirrored",
            matches: [{ path: { value: "/m" } }],
            filters: [
              {
                type: "RequestMirror",
                requestMirror: { backendRef: shop("shadow"), fraction: { numerator: 5, denominator: 1000 } },
              },
            ],
            backendRefs: [shop("web")],
          },
          {
            name: "retried",
            matches: [{ path: { value: "/r" } }],
            retry: { codes: [503, 500], attempts: 3, backoff: "200ms" },
            backendRefs: [shop("web")],
          },
          {
            name: "no-retry",
            matches: [{ path: { value: "/n" } }],
            retry: { attempts: 0 },
            backendRefs: [shop("web")],
          },
          {
            name: "per-backend",
            matches: [{ path: { value: "/b" } }],
            backendRefs: [
              shop("web", {
                weight: 1,
                filters: [
                  {
                    type: "RequestHeaderModifier",
                    requestHeaderModifier: { set: [{ name: "X-Backend", value: "v1" }] },
                  },
                ],
              }),
              shop("web-v2", {
                weight: 1,
                filters: [
                  {
                    type: "URLRewrite",
                    urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/v2" } },
                  },
                ],
              }),
            ],
          },
          {
            name: "sticky",
            matches: [{ path: { value: "/s" } }],
            sessionPersistence: { sessionName: "Web-Session", type: "Header", absoluteTimeout: "1h" },
            backendRefs: [shop("web"), shop("web-v2")],
          },
          {
            name: "cookie",
            matches: [{ path: { value: "/c" } }],
            sessionPersistence: {
              idleTimeout: "10m",
              absoluteTimeout: "2h",
              cookieConfig: { lifetimeType: "Permanent" },
            },
            backendRefs: [shop("web"), shop("web-v2")],
          },
          {
            name: "cors",
            matches: [{ path: { value: "/cors" } }],
            filters: [
              {
                type: "CORS",
                cors: { allowOrigins: ["https://a.example"], allowMethods: ["GET", "POST"], maxAge: 60 },
              },
            ],
            backendRefs: [shop("web")],
          },
          { name: "to-parent", matches: [{ path: { value: "/p" } }] },
        ],
      }),
    ),
    // Two namespaces each have a route called `api`: the labels say which.
    inShop(
      resource("HTTPRoute", "api", { parentRefs: [shop("api")], rules: [{ backendRefs: [shop("api")] }] }),
    ),
    {
      ...resource("HTTPRoute", "api", {
        parentRefs: [shop("api", { port: 8080 })],
        rules: [{ name: "ops", matches: [{ path: { value: "/ops" } }], backendRefs: [shop("api")] }],
      }),
      namespace: "ops",
    },
    // A route target is local to the policy: ops/api, not shop/api.
    {
      ...resource("RetryPolicy", "ops-api", { targetRef: { kind: "HTTPRoute", name: "api" }, attempts: 5 }),
      namespace: "ops",
    },
    inShop(
      resource("RateLimit", "both", {
        targetRefs: [shop("web", { kind: "Service" }), shop("api", { kind: "Service" })],
        requests: 10,
      }),
    ),
    inShop(
      resource("AuthorizationPolicy", "both", {
        targetRefs: [shop("web", { kind: "Service" }), shop("web-v2", { kind: "Service" })],
        rules: [{ from: [{ namespaces: ["shop"] }] }],
      }),
    ),
  ],
});

describe("snapshot v2: the Gateway API features", () => {
  const s = compileV2(input);
  const web = new Map(vhost(s, "web").routes.map((r) => [r.label, r]));

  it("attaches by sectionName to the named port only; the other port keeps the service's default", () => {
    expect([...new Set(vhost(s, "web").routes.map((r) => r.port))]).toEqual([8080, 9090]);
    expect(
      vhost(s, "web")
        .routes.filter((r) => r.port === 9090)
        .map((r) => r.label),
    ).toEqual(["default"]);
  });

  it("mirrors an exact fraction (5/1000 = 5,000 per million)", () => {
    expect(forward(web.get("web/mirrored")).mirrors).toEqual([{ cluster: "shop/shadow", perMillion: 5000 }]);
  });

  it("turns a rule's retry into codes, attempts after the first, a least backoff and connection errors", () => {
    expect(forward(web.get("web/retried")).retry).toMatchObject({
      source: { kind: "HTTPRoute", name: "web", namespace: "shop", rule: "retried" },
      retryOn: ["connect-failure", "reset"],
      retryOnStatus: [500, 503],
      attempts: 4,
      backoff: { baseMs: 200, maxMs: 500 },
      connectRetryWindowMs: 2000,
    });
    expect(forward(web.get("web/no-retry")).retry).toMatchObject({
      retryOn: [],
      attempts: 1,
      connectRetryWindowMs: 0,
    });
  });

  it("keeps each backend's own filters (lower-case header names, the matched prefix for a rewrite)", () => {
    expect(forward(web.get("web/per-backend")).backends).toEqual([
      {
        cluster: "shop/web",
        weight: 5000,
        filters: { requestHeaders: { set: [{ name: "x-backend", value: "v1" }], add: [], remove: [] } },
      },
      {
        cluster: "shop/web-v2",
        weight: 5000,
        filters: { urlRewrite: { path: { type: "ReplacePrefixMatch", prefix: "/b", value: "/v2" } } },
      },
    ]);
  });

  it("carries session persistence by header and by cookie, with defaults", () => {
    expect(forward(web.get("web/sticky")).sessionPersistence).toEqual({
      type: "Header",
      name: "web-session",
      absoluteTimeoutMs: 3_600_000,
      idleTimeoutMs: 0,
      lifetime: "Session",
    });
    expect(forward(web.get("web/cookie")).sessionPersistence).toEqual({
      type: "Cookie",
      name: "trellis-session",
      absoluteTimeoutMs: 7_200_000,
      idleTimeoutMs: 600_000,
      lifetime: "Permanent",
    });
  });

  it("carries the CORS filter with its defaults", () => {
    expect(forward(web.get("web/cors")).cors).toEqual({
      allowOrigins: ["https://a.example"],
      allowMethods: ["GET", "POST"],
      allowHeaders: [],
      exposeHeaders: [],
      allowCredentials: false,
      maxAgeSeconds: 60,
    });
  });

  it("sends a rule without backendRefs to the service the client addressed", () => {
    expect(forward(web.get("web/to-parent")).backends).toEqual([{ cluster: "shop/web", weight: 10_000 }]);
  });

  it("qualifies labels of a route name two namespaces use, and resolves route targets in the policy's namespace", () => {
    const api = vhost(s, "api").routes;
    expect(api.map((r) => r.label)).toEqual(["ops/api/ops", "shop/api"]);
    expect(forward(api[0]).retry).toMatchObject({
      source: { kind: "RetryPolicy", name: "ops-api" },
      attempts: 5,
    });
    expect(forward(api[1]).retry?.source).toEqual({ kind: "MeshDefault", name: "connect-retry" });
  });

  it("applies a policy with targetRefs to each target, a rate limit with a bucket per target", () => {
    const inbound = new Map(s.inbound.map((i) => [i.service.name, i]));
    expect(inbound.get("web")!.rateLimits.map((r) => r.stateKey)).toEqual(["rl:shop/both@1#0"]);
    expect(inbound.get("api")!.rateLimits.map((r) => r.stateKey)).toEqual(["rl:shop/both@1#1"]);
    for (const name of ["web", "web-v2"])
      expect(inbound.get(name)!.policies.map((p) => p.source.name)).toEqual(["both"]);
    expect(inbound.get("api")!.policies).toEqual([]);
    golden("v2/gateway-features", s);
  });
});
