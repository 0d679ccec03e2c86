import { type ConfigSnapshot, configSnapshotSchema } from "@trellis/protocol/snapshot";
import { describe, expect, it } from "vitest";
import { compileRoutingTable } from "./compile.ts";
import { resolveHost, resolveRoute } from "./resolve.ts";
import type { MatchInput } from "./types.ts";

function snap(httpRoutes: unknown[], grpcRoutes: unknown[] = []): ConfigSnapshot {
  const svc = (name: string) => ({
    name,
    namespace: "default",
    hostnames: [`${name}.default.svc.cluster.local`],
    ports: [{ port: 80, protocol: "http" }],
    endpoints: [
      { address: "10.0.0.1", port: 4143, identity: `spiffe://td/ns/default/sa/${name}`, cluster: "c" },
    ],
  });
  return configSnapshotSchema.parse({
    schema: "trellis.config/v1",
    mesh: { name: "m", trustDomain: "td" },
    cluster: "c",
    version: 3,
    settings: { mtlsMode: "strict", egressMode: "deny", defaultPolicy: "allow", certTtlSeconds: 3600 },
    services: [svc("api"), svc("v1"), svc("v2"), svc("v3")],
    httpRoutes,
    grpcRoutes,
    retryPolicies: [],
    circuitBreakers: [],
    authorizationPolicies: [],
    rateLimits: [],
    faultInjections: [],
    trustBundle: [],
  });
}

const parent = [{ name: "api" }];
const to = (name: string) => [{ name, weight: 1 }];

function input(
  path: string,
  extra: Partial<MatchInput> & { headers?: Record<string, string> } = {},
): MatchInput {
  const [p, q = ""] = path.split("?");
  const headers = extra.headers ?? {};
  return {
    method: "GET",
    path: p!,
    query: q,
    host: "api.default.svc.cluster.local",
    port: 80,
    header: (n) => headers[n],
    ...extra,
  };
}

function backendFor(table: ReturnType<typeof compileRoutingTable>, i: MatchInput, grpc = false): string {
  const svc = table.services.get("default/api")!;
  const d = resolveRoute(svc, i, grpc);
  if (d.kind !== "rule") return d.kind;
  return d.rule.backends.items.map((b) => b.service?.name).join(",");
}

describe("routing table compilation", () => {
  it("maps every hostname, with and without port, to its service", () => {
    const t = compileRoutingTable(snap([]));
    expect(resolveHost(t, "api.default.svc.cluster.local")?.service.name).toBe("api");
    expect(resolveHost(t, "API.default.svc.cluster.local:80")?.port).toBe(80);
    expect(resolveHost(t, "api.default.svc.cluster.local:8080")?.service.name).toBe("api");
    expect(resolveHost(t, "example.com")).toBeUndefined();
  });

  it("sends traffic to the service itself when no route is attached", () => {
    const t = compileRoutingTable(snap([]));
    expect(resolveRoute(t.services.get("default/api")!, input("/"), false).kind).toBe("default");
  });

  it("orders matches by Gateway API precedence, not by declaration order", () => {
    const t = compileRoutingTable(
      snap([
        {
          name: "a-route",
          generation: 1,
          spec: {
            parentRefs: parent,
            rules: [
              { matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: to("v1") },
              { matches: [{ path: { type: "PathPrefix", value: "/api" } }], backendRefs: to("v2") },
              { matches: [{ path: { type: "Exact", value: "/api/special" } }], backendRefs: to("v3") },
              {
                matches: [
                  {
                    path: { type: "PathPrefix", value: "/api" },
                    headers: [{ name: "X-Canary", value: "yes" }],
                  },
                ],
                backendRefs: to("v3"),
              },
              {
                matches: [{ path: { type: "PathPrefix", value: "/api" }, method: "POST" }],
                backendRefs: to("v1"),
              },
            ],
          },
        },
      ]),
    );
    expect(backendFor(t, input("/api/special"))).toBe("v3"); // exact beats every prefix
    expect(backendFor(t, input("/api/x"))).toBe("v2"); // longest prefix
    expect(backendFor(t, input("/apix"))).toBe("v1"); // prefixes match whole segments
    expect(backendFor(t, input("/api/x", { method: "POST" }))).toBe("v1"); // method beats headers
    expect(backendFor(t, input("/api/x", { headers: { "x-canary": "yes" } }))).toBe("v3");
    expect(backendFor(t, input("/other"))).toBe("v1");
  });

  it("answers no-match when routes exist but none matches", () => {
    const t = compileRoutingTable(
      snap([
        {
          name: "r",
          generation: 1,
          spec: {
            parentRefs: parent,
            rules: [{ matches: [{ path: { type: "Exact", value: "/only" } }], backendRefs: to("v1") }],
          },
        },
      ]),
    );
    expect(backendFor(t, input("/else"))).toBe("no-match");
  });

  it("matches query params and regular expressions (whole value)", () => {
    const t = compileRoutingTable(
      snap([
        {
          name: "r",
          generation: 1,
          spec: {
            parentRefs: parent,
            rules: [
              { matches: [{ queryParams: [{ name: "tier", value: "gold" }] }], backendRefs: to("v2") },
              {
                matches: [{ path: { type: "RegularExpression", value: "/users/[0-9]+" } }],
                backendRefs: to("v3"),
              },
              { backendRefs: to("v1") },
            ],
          },
        },
      ]),
    );
    expect(backendFor(t, input("/x?tier=gold"))).toBe("v2");
    expect(backendFor(t, input("/x?tier=silver"))).toBe("v1");
    expect(backendFor(t, input("/users/42"))).toBe("v3");
    expect(backendFor(t, input("/users/42/edit"))).toBe("v1");
  });

  it("breaks ties by route name, then rule order", () => {
    const rule = (b: string) => ({
      parentRefs: parent,
      rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: to(b) }],
    });
    const t = compileRoutingTable(
      snap([
        { name: "zz", generation: 1, spec: rule("v2") },
        { name: "aa", generation: 1, spec: rule("v1") },
      ]),
    );
    expect(backendFor(t, input("/"))).toBe("v1");
  });

  it("uses GRPCRoutes for gRPC requests, by service then method", () => {
    const t = compileRoutingTable(
      snap(
        [{ name: "h", generation: 1, spec: { parentRefs: parent, rules: [{ backendRefs: to("v1") }] } }],
        [
          {
            name: "g",
            generation: 1,
            spec: {
              parentRefs: parent,
              rules: [
                { matches: [{ method: { service: "shop.v1.Cart" } }], backendRefs: to("v2") },
                {
                  matches: [{ method: { service: "shop.v1.Cart", method: "Checkout" } }],
                  backendRefs: to("v3"),
                },
              ],
            },
          },
        ],
      ),
    );
    expect(backendFor(t, input("/shop.v1.Cart/Checkout"), true)).toBe("v3");
    expect(backendFor(t, input("/shop.v1.Cart/Add"), true)).toBe("v2");
    expect(backendFor(t, input("/shop.v1.Other/Add"), true)).toBe("no-match");
    expect(backendFor(t, input("/shop.v1.Cart/Add"), false)).toBe("v1"); // plain HTTP uses HTTPRoutes
  });

  it("keeps an unknown backend as a ref without a service (answered 500 at request time)", () => {
    const t = compileRoutingTable(
      snap([
        { name: "r", generation: 1, spec: { parentRefs: parent, rules: [{ backendRefs: to("ghost") }] } },
      ]),
    );
    const d = resolveRoute(t.services.get("default/api")!, input("/"), false);
    expect(d.kind === "rule" && d.rule.backends.items[0]?.service).toBeUndefined();
  });

  it("refuses a backend timeout longer than the request timeout", () => {
    expect(() =>
      compileRoutingTable(
        snap([
          {
            name: "r",
            generation: 1,
            spec: {
              parentRefs: parent,
              rules: [{ backendRefs: to("v1"), timeouts: { request: "1s", backendRequest: "2s" } }],
            },
          },
        ]),
      ),
    ).toThrow(/backendRequest/);
  });

  it("drops endpoints that are not ready", () => {
    const s = snap([]);
    s.services[0]!.endpoints[0]!.ready = false;
    expect(compileRoutingTable(s).services.get("default/api")!.endpoints).toHaveLength(0);
  });
});
