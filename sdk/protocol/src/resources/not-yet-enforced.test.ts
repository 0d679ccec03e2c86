import { describe, expect, it } from "vitest";
import { pendingFeatures } from "./not-yet-enforced.ts";
import { validateResourceSpec } from "./validate.ts";

describe("features accepted by the schemas but not enforced yet", () => {
  for (const f of pendingFeatures) {
    it(`${f.feature} is refused with its pointer, for every kind it applies to`, () => {
      const refusal = {
        pointer: f.find(f.example)[0],
        detail: expect.stringContaining(`${f.feature} is not supported yet`),
      };
      // The example is written for the first kind: refused for that reason alone.
      expect(validateResourceSpec(f.kinds[0]!, "r", f.example)).toEqual({ ok: false, errors: [refusal] });
      for (const kind of f.kinds.slice(1)) {
        const result = validateResourceSpec(kind, "r", f.example);
        expect(result, kind).toMatchObject({ ok: false, errors: expect.arrayContaining([refusal]) });
      }
    });
  }

  it("the examples are otherwise valid: removing the feature makes them pass", () => {
    // The feature is the only reason for the refusal, not a mistake in the example.
    const base = { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web-v1" }] }] };
    expect(validateResourceSpec("HTTPRoute", "r", base).ok).toBe(true);
    expect(validateResourceSpec("RetryPolicy", "r", { targetRef: { kind: "Service", name: "web" } }).ok).toBe(
      true,
    );
    const fraction = pendingFeatures.find((f) => f.feature === "requestMirror.fraction")!;
    const withPercent = JSON.parse(
      JSON.stringify(fraction.example).replace(/"fraction":\{[^}]*\}/, '"percent":1'),
    );
    expect(validateResourceSpec("HTTPRoute", "r", withPercent).ok).toBe(true);
  });

  it("a valid shape is still checked strictly inside a refused feature", () => {
    const result = validateResourceSpec("HTTPRoute", "r", {
      parentRefs: [{ name: "web" }],
      rules: [{ backendRefs: [{ name: "web" }], retry: { atempts: 2 } }],
    });
    expect(result).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([
        {
          pointer: "/spec/rules/0/retry/atempts",
          detail: expect.stringContaining('did you mean "attempts"'),
        },
        { pointer: "/spec/rules/0/retry", detail: expect.stringContaining("not supported yet") },
      ]),
    });
  });
});
