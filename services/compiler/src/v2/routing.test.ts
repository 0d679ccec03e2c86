import type { RouteV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { golden } from "../testing/golden.ts";
import { compileV2, meshInput, resource, service, vhost } from "../testing/mesh-fixtures.ts";

const shop = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: "shop", ...extra });
const forward = (r: RouteV2) => {
  if (r.action.type !== "forward") throw new Error(`route ${r.label} is ${r.action.type}`);
  return r.action;
};

const precedenceInput = meshInput({
  services: [
    service("web", {
      ports: [
        { port: 8080, protocol: "http" },
        { port: 9090, protocol: "grpc", name: "grpc" },
      ],
    }),
    service("web-v2"),
    service("api", {
      ports: [
        { port: 8080, protocol: "http" },
        { port: 8081, protocol: "http", name: "admin" },
      ],
    }),
  ],
  resources: [
    resource("HTTPRoute", "b-web", {
      parentRefs: [shop("web")],
      rules: [
        { matches: [{ path: { type: "Exact", value: "/login" } }], backendRefs: [shop("web")] },
        {
          matches: [{ path: { value: "/api" } }, { path: { value: "/api/v2/" } }],
          backendRefs: [shop("web-v2")],
        },
        {
          name: "by-header",
          matches: [{ headers: [{ name: "X-Canary", value: "yes" }] }],
          backendRefs: [shop("web-v2")],
        },
      ],
    }),
    resource("HTTPRoute", "a-web", {
      parentRefs: [shop("web")],
      rules: [{ matches: [{ path: { value: "/api" }, method: "GET" }], backendRefs: [shop("web")] }],
    }),
    resource("HTTPRoute", "regex", {
      parentRefs: [shop("web")],
      rules: [
        {
          matches: [{ path: { type: "RegularExpression", value: "/items/[0-9]+" } }],
          backendRefs: [shop("web")],
        },
      ],
    }),
    resource("HTTPRoute", "host-web", {
      parentRefs: [shop("web")],
      hostnames: ["Web.Example.com", "*.web.example.com"],
      rules: [{ backendRefs: [shop("web-v2")] }],
    }),
    resource("GRPCRoute", "catalog", {
      parentRefs: [shop("web", { port: 9090 })],
      rules: [
        { matches: [{ method: { service: "shop.Catalog" } }], backendRefs: [shop("web")] },
        { matches: [{ method: { service: "shop.Catalog", method: "Get" } }], backendRefs: [shop("web-v2")] },
        {
          matches: [{ method: { type: "RegularExpression", method: "List.*" } }],
          backendRefs: [shop("web")],
        },
      ],
    }),
    resource("HTTPRoute", "api-admin", {
      parentRefs: [shop("api", { port: 8081 })],
      rules: [{ backendRefs: [shop("api")] }],
    }),
    resource("HTTPRoute", "ghost", {
      parentRefs: [shop("nowhere"), shop("web", { port: 1234 }), { name: "web" }],
      rules: [{ backendRefs: [shop("web")] }],
    }),
  ],
});

describe("snapshot v2: attachment and precedence", () => {
  it("orders one service's routes by Gateway API precedence, GRPCRoutes first", () => {
    const s = compileV2(precedenceInput);
    const web = vhost(s, "web");
    expect(web.routes.map((r) => [r.label, r.match.path?.value ?? r.match.headers[0]?.name ?? "*"])).toEqual([
      ["catalog", "/shop.Catalog/Get"],
      ["catalog", "/shop.Catalog"],
      ["catalog", "/[^/]+/(?:List.*)"],
      ["host-web", "/"],
      ["host-web", "/"],
      ["b-web", "/login"],
      ["regex", "/items/[0-9]+"],
      ["b-web", "/api/v2/"],
      ["a-web", "/api"],
      ["b-web", "/api"],
      ["b-web/by-header", "x-canary"],
    ]);
    expect(web.routes.slice(0, 3).every((r) => r.match.grpc && r.port === 9090)).toBe(true);
    expect(web.routes[3]!.match.headers.map((h) => h.name)).toEqual([":authority"]);
    expect(web.routes[1]!.match.path).toEqual({ type: "PathPrefix", value: "/shop.Catalog" });
    expect(web.routes[10]!.source).toEqual({
      kind: "HTTPRoute",
      name: "b-web",
      namespace: "default",
      rule: "by-header",
    });
    golden("v2/precedence", s);
  });

  it("turns route hostnames into :authority matches that allow a port and a wildcard label", () => {
    const [exact, wildcard] = vhost(compileV2(precedenceInput), "web").routes.slice(3, 5);
    const re = (r: RouteV2) => new RegExp(`^(?:${r.match.headers[0]!.value})$`);
    expect(re(exact!).test("web.example.com")).toBe(true);
    expect(re(exact!).test("web.example.com:8080")).toBe(true);
    expect(re(exact!).test("webxexample.com")).toBe(false);
    expect(re(wildcard!).test("a.b.web.example.com:80")).toBe(true);
    expect(re(wildcard!).test("web.example.com")).toBe(false);
  });

  it("ranks an exact route hostname over a wildcard one, the longer first, before route names", () => {
    const routes = vhost(
      compileV2(
        meshInput({
          services: [service("web")],
          resources: ["a-wild:*.example.com", "b-short:a.example.com", "c-long:api.example.com"].map((x) => {
            const [name, host] = x.split(":");
            return resource("HTTPRoute", name!, {
              parentRefs: [shop("web")],
              hostnames: [host],
              rules: [{ backendRefs: [shop("web")] }],
            });
          }),
        }),
      ),
      "web",
    ).routes;
    expect(routes.map((r) => r.label)).toEqual(["c-long", "b-short", "a-wild"]);
  });

  it("attaches by parentRef namespace and port; uncovered ports keep the default route", () => {
    const s = compileV2(precedenceInput);
    expect(vhost(s, "api").routes.map((r) => [r.label, r.port])).toEqual([
      ["api-admin", 8081],
      ["default", 8080],
    ]);
    // "ghost" names an unknown service, a port web does not have, and web in namespace default.
    expect(JSON.stringify(s)).not.toContain("ghost");
    expect(vhost(s, "web-v2").routes).toMatchObject([
      { label: "default", source: { kind: "Service", name: "web-v2", namespace: "shop" }, match: {} },
    ]);
  });
});

describe("snapshot v2: rule actions", () => {
  const input = meshInput({
    services: [service("web"), service("web-v2"), service("web-v3")],
    resources: [
      resource("HTTPRoute", "web", {
        parentRefs: [shop("web")],
        rules: [
          {
            name: "moved",
            matches: [{ path: { value: "/old" } }],
            filters: [
              {
                type: "RequestRedirect",
                requestRedirect: {
                  path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/new" },
                  statusCode: 301,
                },
              },
              {
                type: "ResponseHeaderModifier",
                responseHeaderModifier: { add: [{ name: "X-Moved", value: "1" }] },
              },
            ],
          },
          {
            name: "rewritten",
            matches: [{ path: { value: "/v1" } }],
            filters: [
              {
                type: "URLRewrite",
                urlRewrite: {
                  hostname: "Internal.Web",
                  path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" },
                },
              },
              {
                type: "RequestHeaderModifier",
                requestHeaderModifier: { set: [{ name: "X-Env", value: "prod" }], remove: ["X-Debug"] },
              },
              { type: "RequestMirror", requestMirror: { backendRef: shop("web-v3"), percent: 12.5 } },
              { type: "RequestMirror", requestMirror: { backendRef: shop("nowhere") } },
            ],
            backendRefs: [shop("web", { weight: 1 }), shop("web-v2", { weight: 2 })],
            timeouts: { request: "2s", backendRequest: "5s" },
          },
          {
            name: "partly-unknown",
            matches: [{ path: { value: "/p" } }],
            backendRefs: [
              shop("web", { weight: 3 }),
              shop("nowhere", { weight: 97 }),
              shop("web-v2", { weight: 1 }),
            ],
          },
          { name: "none", matches: [{ path: { value: "/gone" } }], backendRefs: [shop("nowhere")] },
          {
            name: "zero",
            matches: [{ path: { value: "/zero" } }],
            backendRefs: [shop("web", { weight: 0 }), shop("web-v2", { weight: 0 })],
          },
        ],
      }),
    ],
  });

  it("resolves redirects, rewrites, header filters, mirrors, timeouts and weights", () => {
    const s = compileV2(input);
    const routes = new Map(vhost(s, "web").routes.map((r) => [r.label, r]));
    expect(routes.get("web/moved")!.action).toEqual({
      type: "redirect",
      path: { type: "ReplacePrefixMatch", prefix: "/old", value: "/new" },
      statusCode: 301,
      responseHeaders: { set: [], add: [{ name: "x-moved", value: "1" }], remove: [] },
    });
    const rewritten = forward(routes.get("web/rewritten")!);
    expect(rewritten.filters).toEqual({
      requestHeaders: { set: [{ name: "x-env", value: "prod" }], add: [], remove: ["x-debug"] },
      urlRewrite: {
        hostname: "internal.web",
        path: { type: "ReplacePrefixMatch", prefix: "/v1", value: "/" },
      },
    });
    expect(rewritten.mirrors).toEqual([{ cluster: "shop/web-v3", perMillion: 125_000 }]);
    expect(rewritten.backends).toEqual([
      { cluster: "shop/web", weight: 3333 },
      { cluster: "shop/web-v2", weight: 6667 },
    ]);
    expect([rewritten.requestTimeoutMs, rewritten.backendRequestTimeoutMs]).toEqual([2000, 2000]);
    expect(forward(routes.get("web/partly-unknown")!).backends).toEqual([
      { cluster: "shop/web", weight: 7500 },
      { cluster: "shop/web-v2", weight: 2500 },
    ]);
    golden("v2/rule-actions", s);
  });

  it("answers 500 itself for a rule whose every backend is unknown or weighs 0", () => {
    const routes = new Map(vhost(compileV2(input), "web").routes.map((r) => [r.label, r]));
    for (const label of ["web/none", "web/zero"]) {
      expect(routes.get(label)!.action).toMatchObject({ type: "direct-response", status: 500 });
    }
    expect(routes.get("web/none")!.action).toHaveProperty("reason", expect.stringContaining("web/none"));
  });
});
