import { configSnapshotSchema } from "@trellis/protocol/snapshot";
import { parseConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { v1ToV2 } from "./to-v2.ts";

// Reading v1 for one release: the conversion gives a valid v2 with attachment, precedence
// and durations resolved as the control plane's compiler would (its golden tests are the
// reference; these pin what the proxy used to work out itself).

const svc = (name: string) => ({
  name,
  namespace: "default",
  hostnames: [name],
  ports: [{ port: 80, protocol: "http" }],
  endpoints: [
    { address: "127.0.0.1", port: 9000, identity: `spiffe://td/ns/default/sa/${name}`, cluster: "c" },
  ],
});
const doc = (name: string, spec: unknown) => ({ name, generation: 1, spec });
const v1 = (extra: Record<string, unknown>) =>
  configSnapshotSchema.parse({
    schema: "trellis.config/v1",
    mesh: { name: "m", trustDomain: "td" },
    cluster: "c",
    version: 3,
    settings: { mtlsMode: "strict", egressMode: "deny", defaultPolicy: "allow", certTtlSeconds: 86400 },
    services: [svc("api"), svc("api-v2")],
    trustBundle: [],
    httpRoutes: [],
    grpcRoutes: [],
    retryPolicies: [],
    circuitBreakers: [],
    authorizationPolicies: [],
    rateLimits: [],
    faultInjections: [],
    ...extra,
  });
const api = { kind: "Service", name: "api" };

describe("v1 → v2", () => {
  it("orders routes by Gateway API precedence and resolves weights and durations", () => {
    const s = v1ToV2(
      v1({
        httpRoutes: [
          doc("r", {
            parentRefs: [{ name: "api" }],
            rules: [
              {
                backendRefs: [
                  { name: "api", weight: 3 },
                  { name: "api-v2", weight: 1 },
                ],
              },
              {
                matches: [{ path: { type: "Exact", value: "/exact" } }],
                timeouts: { request: "1s500ms" },
                backendRefs: [{ name: "api-v2" }],
              },
            ],
          }),
        ],
      }),
    );
    expect(parseConfigSnapshotV2(s).ok).toBe(true);
    const routes = s.virtualHosts.find((v) => v.name === "default/api")!.routes;
    expect(routes.map((r) => r.match.path?.value)).toEqual(["/exact", "/"]);
    const [exact, split] = routes.map((r) => r.action);
    expect(exact).toMatchObject({ type: "forward", requestTimeoutMs: 1500 });
    expect(split).toMatchObject({
      backends: [
        { cluster: "default/api", weight: 7500 },
        { cluster: "default/api-v2", weight: 2500 },
      ],
    });
  });

  it("attaches a route's RetryPolicy before the service's, and the mesh default otherwise", () => {
    const s = v1ToV2(
      v1({
        httpRoutes: [
          doc("r", { parentRefs: [{ name: "api" }], rules: [{ backendRefs: [{ name: "api" }] }] }),
        ],
        retryPolicies: [
          doc("on-service", { targetRef: api, attempts: 2 }),
          doc("on-route", { targetRef: { kind: "HTTPRoute", name: "r" }, attempts: 4 }),
        ],
      }),
    );
    const retryOf = (vh: string) => {
      const a = s.virtualHosts.find((v) => v.name === vh)!.routes[0]!.action;
      return a.type === "forward" ? a.retry : undefined;
    };
    expect(retryOf("default/api")).toMatchObject({ source: { name: "on-route" }, attempts: 4 });
    expect(retryOf("default/api-v2")?.source.kind).toBe("MeshDefault");
  });

  it("a fault limited by matches on a service without routes puts a faulted copy first", () => {
    const s = v1ToV2(
      v1({
        faultInjections: [
          doc("slow", {
            targetRef: api,
            matches: [{ path: { type: "PathPrefix", value: "/slow" } }],
            delay: { fixedDelay: "200ms", percent: 100 },
          }),
        ],
      }),
    );
    const routes = s.virtualHosts.find((v) => v.name === "default/api")!.routes;
    expect(routes).toHaveLength(2);
    expect(routes[0]!.match.path).toEqual({ type: "PathPrefix", value: "/slow" });
    expect(routes[0]!.action).toMatchObject({ fault: { delay: { ms: 200, perMillion: 1_000_000 } } });
    expect(routes[1]!.action).not.toHaveProperty("fault");
  });

  it("marks L4 pass-through only where nothing needs HTTP", () => {
    const s = v1ToV2(
      v1({
        authorizationPolicies: [
          doc("ids", { targetRef: api, rules: [{ from: [{ namespaces: ["default"] }] }] }),
        ],
        rateLimits: [doc("rl", { targetRef: { kind: "Service", name: "api-v2" }, requests: 5, per: "1s" })],
      }),
    );
    const pass = Object.fromEntries(s.inbound.map((i) => [i.service.name, i.l4PassThrough]));
    expect(pass).toEqual({ api: true, "api-v2": false });
  });
});
