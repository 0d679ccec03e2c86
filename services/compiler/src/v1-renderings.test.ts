import { parseConfigSnapshot } from "@trellis/protocol/snapshot";
import { describe, expect, it } from "vitest";
import { compileSnapshots } from "./compile.ts";
import { meshInput, resource, service } from "./testing/mesh-fixtures.ts";

// Proxies of the previous release read v1 with the schemas of their release: what v1 can
// say of the features added since is written the way they read it.

const shop = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: "shop", ...extra });

describe("snapshot v1 renderings of newer features", () => {
  const v1 = compileSnapshots(
    meshInput({
      services: [
        service("web", { ports: [{ port: 8080, protocol: "http", name: "http" }] }),
        service("shadow"),
      ],
      resources: [
        resource("HTTPRoute", "web", {
          parentRefs: [shop("web", { sectionName: "http" })],
          rules: [
            {
              filters: [
                {
                  type: "RequestMirror",
                  requestMirror: { backendRef: shop("shadow"), fraction: { numerator: 1, denominator: 8 } },
                },
              ],
            },
          ],
        }),
        resource("RetryPolicy", "both", {
          targetRefs: [shop("web", { kind: "Service" }), shop("shadow", { kind: "Service" })],
        }),
      ],
    }),
  ).get("east")!;

  it("is valid v1", () => {
    expect(parseConfigSnapshot(JSON.parse(JSON.stringify(v1))).ok).toBe(true);
  });

  it("names the port of a sectionName, gives a rule without backends its one parent, a fraction as percent", () => {
    const spec = v1.httpRoutes[0]!.spec;
    expect(spec.parentRefs).toEqual([{ kind: "Service", name: "web", namespace: "shop", port: 8080 }]);
    expect(spec.rules[0]!.backendRefs).toEqual([
      { kind: "Service", name: "web", namespace: "shop", weight: 1 },
    ]);
    expect(spec.rules[0]!.filters).toEqual([
      {
        type: "RequestMirror",
        requestMirror: { backendRef: { kind: "Service", name: "shadow", namespace: "shop" }, percent: 12.5 },
      },
    ]);
  });

  it("copies a policy with targetRefs once per target, each with its targetRef", () => {
    expect(v1.retryPolicies.map((p) => [p.name, p.spec.targetRef, p.spec.targetRefs])).toEqual([
      ["both", { kind: "Service", name: "web", namespace: "shop" }, undefined],
      ["both", { kind: "Service", name: "shadow", namespace: "shop" }, undefined],
    ]);
  });
});
