import type { TapEvent } from "@trellis/protocol/tunnel";
import { describe, expect, it } from "vitest";
import { TokenBucket } from "./rate.ts";
import { maxEventBytes, sanitizeTapEvent } from "./sanitize.ts";

const event = (over: Partial<TapEvent> = {}): TapEvent => ({
  tapId: "tap_1",
  proxyId: "prx_1",
  at: { seconds: 1_700_000_000, nanos: 0 },
  method: "GET",
  path: "/items/1",
  authority: "web.shop",
  status: 200,
  grpcStatus: 0,
  latencyMs: 3.5,
  clientIdentity: "spiffe://td/ns/shop/sa/client",
  serverIdentity: "spiffe://td/ns/shop/sa/web",
  headers: {},
  direction: "inbound",
  ...over,
});

describe("sanitizeTapEvent", () => {
  it("keeps only allow-listed header values", () => {
    const dto = sanitizeTapEvent(
      "east",
      event({
        headers: {
          Authorization: "Bearer secret",
          cookie: "s=1",
          "User-Agent": "curl/8",
          "x-request-id": "r1",
        },
      }),
    );
    expect(dto.headers).toEqual({ "user-agent": "curl/8", "x-request-id": "r1" });
    expect(JSON.stringify(dto)).not.toContain("secret");
    expect(dto).toMatchObject({
      cluster: "east",
      method: "GET",
      status: 200,
      at: "2023-11-14T22:13:20.000Z",
    });
  });

  it("stays below the NOTIFY size limit whatever the connector sends", () => {
    const huge = "é".repeat(5000);
    const dto = sanitizeTapEvent(
      "east",
      event({
        path: huge,
        authority: huge,
        clientIdentity: huge,
        serverIdentity: huge,
        headers: { accept: huge, "user-agent": huge },
      }),
    );
    expect(Buffer.byteLength(JSON.stringify(dto))).toBeLessThanOrEqual(maxEventBytes);
  });
});

describe("TokenBucket", () => {
  it("allows a burst of perSecond, then refills with time", () => {
    const b = new TokenBucket(3, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(340)).toBe(true);
    expect(b.take(340)).toBe(false);
  });
});
