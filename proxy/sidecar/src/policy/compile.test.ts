import { type ConfigSnapshot, configSnapshotSchema } from "@trellis/protocol/snapshot";
import { describe, expect, it } from "vitest";
import { compileRoutingTable } from "../routing/compile.ts";

const id = (sa: string) => `spiffe://td/ns/default/sa/${sa}`;

function snap(extra: Partial<Record<keyof ConfigSnapshot, unknown>>): ConfigSnapshot {
  const svc = (name: string, sa: string) => ({
    name,
    namespace: "default",
    hostnames: [name],
    ports: [{ port: 80, protocol: "http" }],
    endpoints: [{ address: "10.0.0.1", port: 4143, identity: id(sa), cluster: "c" }],
  });
  return configSnapshotSchema.parse({
    schema: "trellis.config/v1",
    mesh: { name: "m", trustDomain: "td" },
    cluster: "c",
    version: 1,
    settings: { mtlsMode: "strict", egressMode: "deny", defaultPolicy: "deny", certTtlSeconds: 3600 },
    services: [svc("api", "api"), svc("api-canary", "api"), svc("web", "web")],
    httpRoutes: [],
    grpcRoutes: [],
    retryPolicies: [],
    circuitBreakers: [],
    authorizationPolicies: [],
    rateLimits: [],
    faultInjections: [],
    trustBundle: [],
    ...extra,
  });
}
const self = { service: "api", namespace: "default", spiffeId: id("api") };
const doc = (name: string, spec: unknown) => ({ name, generation: 1, spec });

describe("policy compilation", () => {
  it("enforces inbound policies of every service this proxy is an endpoint of", () => {
    const allow = (name: string, svc: string) =>
      doc(name, { targetRef: { kind: "Service", name: svc }, rules: [{ from: [{}] }] });
    const t = compileRoutingTable(
      snap({ authorizationPolicies: [allow("a", "api"), allow("b", "api-canary"), allow("c", "web")] }),
      self,
    );
    expect([...t.policies.inbound.served].sort()).toEqual(["default/api", "default/api-canary"]);
    expect(t.policies.inbound.allow.map((p) => p.name)).toEqual(["a", "b"]);
    expect(t.policies.inbound.defaultAllow).toBe(false);
  });

  it("keeps the first policy by name when two target the same thing", () => {
    const retry = (name: string, attempts: number) =>
      doc(name, { targetRef: { kind: "Service", name: "api" }, attempts });
    const t = compileRoutingTable(snap({ retryPolicies: [retry("zz", 5), retry("aa", 2)] }), self);
    expect(t.policies.retries.byService.get("default/api")?.attempts).toBe(2);
  });

  it("maps fault aborts given one way to the other protocol", () => {
    const t = compileRoutingTable(
      snap({
        faultInjections: [
          doc("f", {
            targetRef: { kind: "HTTPRoute", name: "r" },
            abort: { grpcStatus: "UNAVAILABLE", percent: 5 },
          }),
        ],
      }),
      self,
    );
    expect(t.policies.faults.byRoute.get("HTTPRoute/r")?.abort).toEqual({
      httpStatus: 503,
      grpcStatus: 14,
      percent: 5,
    });
  });

  it("refuses what cannot be enforced, naming the policy", () => {
    const bad = [
      [
        {
          httpRoutes: [
            doc("r", {
              parentRefs: [{ name: "api" }],
              rules: [
                {
                  matches: [{ path: { type: "RegularExpression", value: "/a.*" } }],
                  backendRefs: [{ name: "api" }],
                  filters: [
                    {
                      type: "URLRewrite",
                      urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/b" } },
                    },
                  ],
                },
              ],
            }),
          ],
        },
        /route r: ReplacePrefixMatch needs PathPrefix/,
      ],
      [
        {
          retryPolicies: [
            doc("slow", {
              targetRef: { kind: "Service", name: "api" },
              backoff: { baseInterval: "1s", maxInterval: "10ms" },
            }),
          ],
        },
        /RetryPolicy slow: backoff.maxInterval/,
      ],
      [
        {
          faultInjections: [
            doc("f", {
              targetRef: { kind: "Service", name: "api" },
              matches: [{ headers: [{ type: "RegularExpression", name: "x", value: "(" }] }],
              delay: { fixedDelay: "1s", percent: 1 },
            }),
          ],
        },
        /FaultInjection f/,
      ],
    ] as const;
    for (const [extra, message] of bad) expect(() => compileRoutingTable(snap(extra), self)).toThrow(message);
  });
});
