import { describe, expect, it } from "vitest";
import { applyHeaderModifier, indexHeaderModifier } from "./header-modifier.ts";
import { redirectLocation, rewritePath } from "./rewrite.ts";

describe("header modifiers", () => {
  it("sets, appends and removes, case-insensitively", () => {
    const m = indexHeaderModifier({
      set: [{ name: "X-Set", value: "new" }],
      add: [
        { name: "My-Header", value: "bar,baz" },
        { name: "x-fresh", value: "1" },
      ],
      remove: ["X-Gone"],
    });
    const h: Record<string, string | string[]> = { "x-set": "old", "my-header": "foo", "x-gone": "1" };
    applyHeaderModifier(h, m);
    expect(h).toEqual({ "x-set": "new", "my-header": "foo,bar,baz", "x-fresh": "1" });
  });

  it("adds a second set-cookie line instead of comma-joining", () => {
    const h: Record<string, string | string[]> = { "set-cookie": "a=1" };
    applyHeaderModifier(h, indexHeaderModifier({ add: [{ name: "Set-Cookie", value: "b=2" }] }));
    expect(h["set-cookie"]).toEqual(["a=1", "b=2"]);
  });
});

describe("path rewrite (Gateway API conformance table)", () => {
  const prefix = (matched: string, value: string) => ({
    type: "ReplacePrefixMatch" as const,
    prefix: matched,
    value,
  });
  it.each([
    ["/foo", "/foo/bar", "/xyz", "/xyz/bar"],
    ["/foo", "/foo", "/xyz", "/xyz"],
    ["/foo/", "/foo/bar", "/xyz", "/xyz/bar"],
    ["/foo", "/foo/bar", "/xyz/", "/xyz/bar"],
    ["/foo", "/foo/bar", "/", "/bar"],
    ["/foo", "/foo", "/", "/"],
    ["/foo", "/foo/", "/xyz", "/xyz/"],
    ["/foo/", "/foo/", "/", "/"],
    ["/", "/foo", "/api", "/api/foo"],
  ])("prefix %s on %s replaced by %s gives %s", (matched, path, replacement, want) => {
    expect(rewritePath(path, prefix(matched, replacement))).toBe(want);
  });

  it("replaces the full path", () => {
    expect(rewritePath("/a/b", { type: "ReplaceFullPath", value: "/c" })).toBe("/c");
  });
});

describe("redirect location", () => {
  const req = { scheme: "http" as const, host: "api", port: 8080, path: "/old/x", query: "q=1" };
  it("keeps what is not changed, and the query", () => {
    expect(redirectLocation(req, { statusCode: 302 })).toBe("http://api:8080/old/x?q=1");
  });
  it("uses the well-known port of a new scheme and omits it", () => {
    expect(redirectLocation(req, { scheme: "https", statusCode: 301 })).toBe("https://api/old/x?q=1");
  });
  it("changes host, port and path prefix", () => {
    const r = {
      hostname: "new.example",
      port: 9000,
      path: { type: "ReplacePrefixMatch" as const, prefix: "/old", value: "/new" },
      statusCode: 308,
    };
    expect(redirectLocation(req, r)).toBe("http://new.example:9000/new/x?q=1");
  });
  it("omits port 80 for http", () => {
    expect(redirectLocation({ ...req, port: 80, query: "" }, { statusCode: 302 })).toBe("http://api/old/x");
  });
});
