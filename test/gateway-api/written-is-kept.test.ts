import { describe, expect, it } from "vitest";
import { writtenIsKept } from "./written-is-kept.ts";

describe("writtenIsKept", () => {
  it("allows added defaults and finds lost or changed fields", () => {
    expect(writtenIsKept({ a: [{ b: 1 }] }, { a: [{ b: 1, c: 2 }], d: 3 })).toEqual([]);
    expect(writtenIsKept({ a: [{ b: 1 }] }, { a: [{ b: 2 }] })).toEqual(["/a/0/b"]);
    expect(writtenIsKept({ a: [1, 2] }, { a: [1] })).toEqual(["/a"]);
    expect(writtenIsKept({ matchs: [] }, { matches: [] })).toEqual(["/matchs"]);
  });
});
