import { describe, expect, it } from "vitest";
import { resourceKinds, resourceSpecSchemas } from "./kinds.ts";
import { didYouMean } from "./suggest.ts";
import { validateResourceSpec } from "./validate.ts";

const errorsOf = (kind: Parameters<typeof validateResourceSpec>[0], spec: unknown) => {
  const result = validateResourceSpec(kind, "r", spec);
  return result.ok ? [] : result.errors;
};

describe("strict resource schemas", () => {
  it("a typo `matchs:` is an error at its pointer with a did-you-mean, not a match-everything route", () => {
    const errors = errorsOf("HTTPRoute", {
      parentRefs: [{ name: "web" }],
      rules: [{ matchs: [{ path: { value: "/admin" } }], backendRefs: [{ name: "web" }] }],
    });
    expect(errors).toEqual([
      { pointer: "/spec/rules/0/matchs", detail: 'unknown field "matchs" (did you mean "matches"?)' },
    ]);
  });

  it("finds unknown fields at any depth, inside the union variant the discriminator chose", () => {
    const errors = errorsOf("HTTPRoute", {
      parentRefs: [{ name: "web", prot: 80 }],
      rules: [
        {
          backendRefs: [{ name: "web", wieght: 3 }],
          filters: [{ type: "RequestHeaderModifier", requestHeaderModifier: { set: [], remvoe: ["x"] } }],
        },
      ],
    });
    expect(errors.map((e) => [e.pointer, e.detail])).toEqual(
      expect.arrayContaining([
        ["/spec/parentRefs/0/prot", 'unknown field "prot" (did you mean "port"?)'],
        ["/spec/rules/0/backendRefs/0/wieght", 'unknown field "wieght" (did you mean "weight"?)'],
        [
          "/spec/rules/0/filters/0/requestHeaderModifier/remvoe",
          'unknown field "remvoe" (did you mean "remove"?)',
        ],
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it("an unknown field with no near miss lists the fields of that spot", () => {
    const [error] = errorsOf("RateLimit", {
      targetRef: { kind: "Service", name: "web" },
      requests: 5,
      zzz: 1,
    });
    expect(error).toEqual({
      pointer: "/spec/zzz",
      detail: expect.stringMatching(
        /^unknown field "zzz"; fields here: targetRef, targetRefs, requests, per/,
      ),
    });
  });

  it("a misspelt discriminator or enum value names the nearest one", () => {
    const errors = errorsOf("HTTPRoute", {
      parentRefs: [{ name: "web" }],
      rules: [
        {
          matches: [{ headers: [{ type: "Exakt", name: "x", value: "1" }] }],
          filters: [{ type: "Cors", cors: {} }],
          backendRefs: [{ name: "web" }],
        },
      ],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        {
          pointer: "/spec/rules/0/matches/0/headers/0/type",
          detail: expect.stringContaining('(did you mean "Exact"?)'),
        },
        {
          pointer: "/spec/rules/0/filters/0/type",
          detail: expect.stringMatching(/^unknown type "Cors" \(did you mean "CORS"\?\); one of: /),
        },
      ]),
    );
  });

  it("a misspelt backendRefs is reported as the typo, not as a rule without backends", () => {
    const errors = errorsOf("HTTPRoute", {
      parentRefs: [{ name: "web" }],
      rules: [{ backendRef: [{ name: "x" }] }],
    });
    expect(errors).toEqual([
      {
        pointer: "/spec/rules/0/backendRef",
        detail: 'unknown field "backendRef" (did you mean "backendRefs"?)',
      },
    ]);
  });

  it("every object of every kind's schema is strict", () => {
    // A field unknown to every kind, at the top of each spec: refused by all of them.
    for (const kind of resourceKinds) {
      const parsed = resourceSpecSchemas[kind].safeParse({ unknownFieldForTest: true });
      expect(parsed.success, kind).toBe(false);
      expect(
        parsed.error?.issues.some((i) => i.code === "unrecognized_keys"),
        `${kind} reports the unknown field`,
      ).toBe(true);
    }
  });
});

describe("didYouMean", () => {
  it("suggests near misses only", () => {
    expect(didYouMean("matchs", ["matches", "filters"])).toBe("matches");
    expect(didYouMean("BACKENDREFS", ["backendRefs"])).toBe("backendRefs");
    expect(didYouMean("tiemouts", ["timeouts", "retry"])).toBe("timeouts");
    expect(didYouMean("zzz", ["matches", "filters"])).toBeUndefined();
  });
});
