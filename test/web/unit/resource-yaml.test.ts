import { locateErrors, parseResourceYaml, resourceToYaml } from "@trellis/web/lib/resource-yaml.ts";
import { describe, expect, it } from "vitest";

const route = `apiVersion: trellis.dev/v1
kind: HTTPRoute
metadata:
  name: web-canary
spec:
  parentRefs:
    - name: web
  rules:
    - backendRefs:
        - name: web
          weight: 90
        - name: web-v2
          weight: 10
`;

describe("parseResourceYaml (the editor's inline validation)", () => {
  it("accepts a valid route and returns kind, name and spec", () => {
    const r = parseResourceYaml(route);
    expect(r.ok).toBe(true);
    if (r.ok) expect([r.kind, r.name]).toEqual(["HTTPRoute", "web-canary"]);
  });

  it("puts a schema error on the line of the bad field", () => {
    const r = parseResourceYaml(route.replace("weight: 10", "weight: -5"));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.pointer).toBe("/spec/rules/0/backendRefs/1/weight");
      expect(r.errors[0]!.line).toBe(13);
    }
  });

  it("reports a semantic error (weights adding up to 0) with the protocol's message", () => {
    const r = parseResourceYaml(route.replace("weight: 90", "weight: 0").replace("weight: 10", "weight: 0"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.detail).toContain("weights add up to 0");
  });

  it("reports YAML syntax errors with their line", () => {
    const r = parseResourceYaml("kind: HTTPRoute\nmetadata: [unclosed\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.line).toBeGreaterThan(0);
  });

  it("rejects an unknown kind and a missing name", () => {
    const bad = parseResourceYaml(route.replace("kind: HTTPRoute", "kind: Nonsense"));
    expect(!bad.ok && bad.errors.map((e) => e.pointer)).toEqual(["/kind"]);
    const nameless = parseResourceYaml(route.replace("  name: web-canary\n", "  namespace: shop\n"));
    expect(!nameless.ok && nameless.errors[0]!.pointer).toBe("/metadata/name");
  });

  it("puts an unknown field on its own line with a did-you-mean", () => {
    const r = parseResourceYaml(route.replace("    - backendRefs:", "    - matchs: []\n      backendRefs:"));
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          pointer: "/spec/rules/0/matchs",
          detail: 'unknown field "matchs" (did you mean "matches"?)',
          line: 9,
        },
      ],
    });
  });

  it("takes a Gateway API route as written, in its namespace; a Gateway is not a mesh resource", () => {
    const gamma = route
      .replace("apiVersion: trellis.dev/v1", "apiVersion: gateway.networking.k8s.io/v1")
      .replace("  name: web-canary", "  name: web-canary\n  namespace: shop")
      .replace("    - name: web\n  rules", '    - group: ""\n      kind: Service\n      name: web\n  rules');
    const r = parseResourceYaml(gamma);
    expect(r).toMatchObject({
      ok: true,
      kind: "HTTPRoute",
      namespace: "shop",
      name: "web-canary",
      warnings: [],
    });
    const gateway = parseResourceYaml(
      "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: { name: gw }\nspec: {}\n",
    );
    expect(gateway).toMatchObject({
      ok: false,
      errors: [{ pointer: "/kind", detail: expect.stringContaining("not a mesh resource"), line: 2 }],
    });
  });

  it("round-trips a stored resource through YAML", () => {
    const r = parseResourceYaml(route);
    if (!r.ok) throw new Error("fixture invalid");
    const stored = {
      apiVersion: "trellis.dev/v1",
      kind: r.kind,
      namespace: "default",
      name: r.name,
      labels: {},
      annotations: {},
      spec: r.spec,
    };
    const again = parseResourceYaml(resourceToYaml(stored));
    expect(again).toMatchObject({ ok: true, kind: r.kind, name: r.name, spec: r.spec });
  });
});

describe("locateErrors (the server's 422 pointers)", () => {
  it("maps /name to metadata.name and missing keys to their parent's line", () => {
    const errs = locateErrors(route, [
      { pointer: "/name", detail: "bad name" },
      { pointer: "/spec/rules/0/timeouts/request", detail: "bad" },
    ]);
    expect(errs.map((e) => e.line)).toEqual([4, 9]);
  });
});
