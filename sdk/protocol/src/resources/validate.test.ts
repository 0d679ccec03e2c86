import { describe, expect, it } from "vitest";
import { validateResourceSpec } from "./validate.ts";

const route = (rules: unknown[]) => ({ parentRefs: [{ name: "catalog" }], rules });

describe("validateResourceSpec", () => {
  it("accepts a weighted canary route and fills Gateway API defaults", () => {
    const result = validateResourceSpec(
      "HTTPRoute",
      "catalog-canary",
      route([
        {
          backendRefs: [
            { name: "catalog-v1", weight: 90 },
            { name: "catalog-v2", weight: 10 },
          ],
        },
      ]),
    );
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.spec.rules[0]?.matches).toEqual([{ path: { type: "PathPrefix", value: "/" } }]);
  });

  it("names the field of a malformed weight with a JSON pointer", () => {
    const result = validateResourceSpec(
      "HTTPRoute",
      "r",
      route([{ backendRefs: [{ name: "a", weight: -5 }] }]),
    );
    expect(result).toMatchObject({ ok: false, errors: [{ pointer: "/spec/rules/0/backendRefs/0/weight" }] });
  });

  it("refuses a duplicate match", () => {
    const match = { path: { type: "Exact", value: "/x" } };
    const result = validateResourceSpec(
      "HTTPRoute",
      "r",
      route([
        { matches: [match], backendRefs: [{ name: "a" }] },
        { matches: [match], backendRefs: [{ name: "b" }] },
      ]),
    );
    expect(result).toMatchObject({
      ok: false,
      errors: [{ pointer: "/spec/rules/1/matches/0", detail: expect.stringContaining("duplicates") }],
    });
  });

  it("refuses weights that add up to zero and regexes that do not compile", () => {
    const result = validateResourceSpec(
      "HTTPRoute",
      "r",
      route([
        {
          matches: [{ path: { type: "RegularExpression", value: "/(" } }],
          backendRefs: [{ name: "a", weight: 0 }],
        },
      ]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => e.pointer).sort()).toEqual([
        "/spec/rules/0/backendRefs",
        "/spec/rules/0/matches/0/path/value",
      ]);
  });

  it("limits certificate lifetimes to 1h–7d", () => {
    expect(validateResourceSpec("MeshSettings", "default", { certificates: { ttl: "30m" } }).ok).toBe(false);
    expect(validateResourceSpec("MeshSettings", "default", { certificates: { ttl: "48h" } }).ok).toBe(true);
    expect(validateResourceSpec("MeshSettings", "other", {}).ok).toBe(false);
  });
});
