import { describe, expect, it } from "vitest";
import { maxInputDepth, unsafeInput, unsafeString } from "./input-guard.ts";

describe("unsafeInput", () => {
  it("names each string holding a NUL byte or a lone surrogate, keys included", () => {
    expect(unsafeInput({ a: "x\u0000", b: ["ok", "\ud800"], "c\udfff": 1, "d/e": { "\u0000": 2 } })).toEqual([
      { pointer: "/a", detail: "contains a NUL byte (\\u0000)" },
      { pointer: "/b/1", detail: "contains an unpaired UTF-16 surrogate (not valid Unicode)" },
      { pointer: "/c\udfff", detail: "(the key) contains an unpaired UTF-16 surrogate (not valid Unicode)" },
      { pointer: "/d~1e/\u0000", detail: "(the key) contains a NUL byte (\\u0000)" },
    ]);
  });

  it("accepts well-formed Unicode, pairs included", () => {
    expect(unsafeInput({ name: "café 🚀", list: [1, true, null, "日本"] })).toEqual([]);
    expect(unsafeString("\ud83d\ude80")).toBeNull();
    expect(unsafeString("\ude80\ud83d")).not.toBeNull();
  });

  it("refuses __proto__ keys, as JSON.parse makes them", () => {
    expect(unsafeInput(JSON.parse('{"spec":{"__proto__":{"admin":true}}}'))).toEqual([
      { pointer: "/spec/__proto__", detail: "(the key) is not an allowed key" },
    ]);
  });

  it("stops at the depth limit without recursing (a hostile depth cannot overflow the stack)", () => {
    const deep = JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
    const errors = unsafeInput({ a: deep });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.detail).toBe(`is nested deeper than ${maxInputDepth} levels`);
    expect(unsafeInput(JSON.parse(`${"[".repeat(maxInputDepth)}${"]".repeat(maxInputDepth)}`))).toEqual([]);
  });

  it("prefixes pointers with the base (path parameters)", () => {
    expect(unsafeInput({ mesh: "a\u0000" }, "/path")[0]!.pointer).toBe("/path/mesh");
  });
});
