import { describe, expect, it } from "vitest";
import {
  clientIdentityHeader,
  endToEndHeaders,
  isGrpcContentType,
  proxyOnlyInbound,
  proxyOnlyOutbound,
  routeHeader,
} from "./hop-by-hop.ts";

describe("endToEndHeaders", () => {
  it("drops hop-by-hop headers, pseudo headers and host", () => {
    const out = endToEndHeaders({
      connection: "keep-alive",
      "keep-alive": "timeout=5",
      "transfer-encoding": "chunked",
      upgrade: "websocket",
      "proxy-authorization": "secret",
      host: "a",
      ":path": "/x",
      "content-type": "text/plain",
      "set-cookie": ["a=1", "b=2"],
    });
    expect(out).toEqual({ "content-type": "text/plain", "set-cookie": ["a=1", "b=2"] });
  });

  it("drops headers named by Connection", () => {
    const out = endToEndHeaders({ connection: "close, X-Secret-Hop", "x-secret-hop": "1", "x-keep": "2" });
    expect(out).toEqual({ "x-keep": "2" });
  });

  it("keeps te: trailers (gRPC) and nothing else of te", () => {
    expect(endToEndHeaders({ te: "trailers" })).toEqual({ te: "trailers" });
    expect(endToEndHeaders({ te: "gzip, trailers" })).toEqual({ te: "trailers" });
    expect(endToEndHeaders({ te: "gzip" })).toEqual({});
  });

  it("strips the headers only a proxy may set when asked, whatever their value", () => {
    const sent = { [clientIdentityHeader]: "spiffe://evil/x", [routeHeader]: "http/admin", a: "b" };
    expect(endToEndHeaders(sent, proxyOnlyInbound)).toEqual({ a: "b" });
    expect(endToEndHeaders(sent, proxyOnlyOutbound)).toEqual({
      [clientIdentityHeader]: "spiffe://evil/x",
      a: "b",
    });
  });

  it("recognises gRPC content types", () => {
    expect(isGrpcContentType("application/grpc")).toBe(true);
    expect(isGrpcContentType("application/grpc+proto")).toBe(true);
    expect(isGrpcContentType("application/json")).toBe(false);
    expect(isGrpcContentType(undefined)).toBe(false);
  });
});
