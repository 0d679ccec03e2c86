import type { RouteMatchV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { intersectMatches, pathMatches } from "./match-intersection.ts";
import { authorityMatch, grpcMatch, httpMatch } from "./matches.ts";

const path = (m: RouteMatchV2) => m.path!;

describe("gRPC method matches as path matches", () => {
  const cases: [Parameters<typeof grpcMatch>[0]["method"], string[], string[]][] = [
    [
      { type: "Exact", service: "shop.Cart", method: "Add" },
      ["/shop.Cart/Add"],
      ["/shop.Cart/AddX", "/shop.CartX/Add"],
    ],
    [{ type: "Exact", service: "shop.Cart" }, ["/shop.Cart/Add", "/shop.Cart/Get"], ["/shop.CartX/Add"]],
    [{ type: "Exact", method: "Get.All" }, ["/a.B/Get.All"], ["/a.B/GetxAll", "/Get.All"]],
    [
      { type: "RegularExpression", service: "shop\\..*", method: "Get" },
      ["/shop.Cart/Get"],
      ["/ops.Cart/Get"],
    ],
    [{ type: "RegularExpression", service: "shop\\.Cart" }, ["/shop.Cart/Any"], ["/shop.Cart/"]],
  ];
  it.each(cases)("%o", (method, hits, misses) => {
    const m = grpcMatch({ method }).match;
    expect(m.grpc).toBe(true);
    for (const p of hits) expect(pathMatches(path(m), p), p).toBe(true);
    for (const p of misses) expect(pathMatches(path(m), p), p).toBe(false);
  });

  it("leaves the path open when the method match names neither service nor method", () => {
    expect(grpcMatch({}).match).toEqual({ headers: [], queryParams: [], grpc: true });
  });
});

describe("route hostnames", () => {
  it("escapes dots and lower-cases", () => {
    expect(authorityMatch("Api.Example.com")).toEqual({
      name: ":authority",
      type: "RegularExpression",
      value: "api\\.example\\.com(?::[0-9]+)?",
    });
  });
});

describe("intersectMatches", () => {
  const m = (x: Parameters<typeof httpMatch>[0]) => httpMatch(x).match;
  it("narrows prefixes, checks exact paths against the other side, and refuses conflicting methods", () => {
    expect(
      intersectMatches(
        m({ path: { type: "PathPrefix", value: "/a" } }),
        m({ path: { type: "PathPrefix", value: "/a/b" } }),
      ),
    ).toMatchObject({ path: { value: "/a/b" } });
    expect(
      intersectMatches(
        m({ path: { type: "PathPrefix", value: "/a" } }),
        m({ path: { type: "PathPrefix", value: "/ab" } }),
      ),
    ).toBeNull();
    expect(
      intersectMatches(
        m({ path: { type: "RegularExpression", value: "/i/[0-9]+" } }),
        m({ path: { type: "Exact", value: "/i/7" } }),
      ),
    ).toMatchObject({ path: { type: "Exact", value: "/i/7" } });
    expect(
      intersectMatches(
        m({ path: { type: "Exact", value: "/i/x" } }),
        m({ path: { type: "RegularExpression", value: "/i/[0-9]+" } }),
      ),
    ).toBeNull();
    expect(intersectMatches(m({ method: "GET" }), m({ method: "POST" }))).toBeNull();
  });

  it("says when two paths cannot be one match", () => {
    expect(
      intersectMatches(
        m({ path: { type: "RegularExpression", value: "/i/.*" } }),
        m({ path: { type: "PathPrefix", value: "/i/a" } }),
      ),
    ).toBe("inexpressible");
  });

  it("adds up headers and query parameters and keeps the route's gRPC flag", () => {
    const grpc = grpcMatch({
      method: { type: "Exact", service: "a.B" },
      headers: [{ type: "Exact", name: "x-a", value: "1" }],
    }).match;
    const both = intersectMatches(
      grpc,
      m({
        headers: [{ type: "Exact", name: "X-B", value: "2" }],
        queryParams: [{ type: "Exact", name: "q", value: "1" }],
      }),
    );
    expect(both).toEqual({
      path: { type: "PathPrefix", value: "/a.B" },
      headers: [
        { name: "x-a", type: "Exact", value: "1" },
        { name: "x-b", type: "Exact", value: "2" },
      ],
      queryParams: [{ name: "q", type: "Exact", value: "1" }],
      grpc: true,
    });
  });
});
