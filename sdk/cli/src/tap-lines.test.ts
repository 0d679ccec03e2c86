import type { TapEvent } from "@trellis/sdk";
import { describe, expect, it } from "vitest";
import { tapLines } from "./tap-lines.ts";

const event = (over: Partial<TapEvent>): TapEvent =>
  ({
    tapId: "t",
    cluster: "east",
    proxyId: "prx_1",
    at: "2026-01-01T00:00:00Z",
    direction: "inbound",
    method: "GET",
    path: "/",
    authority: "web",
    status: 200,
    grpcStatus: 0,
    latencyMs: 3,
    clientIdentity: "",
    serverIdentity: "",
    headers: {},
    ...over,
  }) as TapEvent;

describe("tapLines", () => {
  it("shows grpc-status only for a gRPC error, never the -1 of plain HTTP", () => {
    expect(tapLines(1, event({ grpcStatus: -1 }))[1]).not.toContain("grpc-status");
    expect(tapLines(1, event({ grpcStatus: 0 }))[1]).not.toContain("grpc-status");
    expect(tapLines(1, event({ grpcStatus: 14 }))[1]).toContain(" grpc-status=14 ");
  });
});
