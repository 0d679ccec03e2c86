import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./deliver.ts";
import { signPayload, verifySignature } from "./sign.ts";
import { isPrivateAddress, refusedTarget } from "./target-guard.ts";

describe("webhook signatures", () => {
  it("are t=<unix>,v1=<hex HMAC-SHA256 of 't.body'>", () => {
    const body = '{"type":"flag.raised"}';
    const header = signPayload("whsec_x", body, 1_700_000_000);
    const mac = createHmac("sha256", "whsec_x").update(`1700000000.${body}`).digest("hex");
    expect(header).toBe(`t=1700000000,v1=${mac}`);
    expect(verifySignature("whsec_x", header, body, 1_700_000_010)).toBe(true);
  });

  it("refuse another secret, a changed body and an old timestamp", () => {
    const header = signPayload("whsec_x", "{}", 1_700_000_000);
    expect(verifySignature("whsec_y", header, "{}", 1_700_000_000)).toBe(false);
    expect(verifySignature("whsec_x", header, "{ }", 1_700_000_000)).toBe(false);
    expect(verifySignature("whsec_x", header, "{}", 1_700_000_000 + 301)).toBe(false);
    expect(verifySignature("whsec_x", "garbage", "{}", 1_700_000_000)).toBe(false);
  });
});

describe("webhook targets", () => {
  it("refuse loopback, private and link-local addresses unless allowed", async () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "::ffff:10.0.0.1",
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    expect(isPrivateAddress("93.184.216.34")).toBe(false);
    expect(await refusedTarget("http://169.254.169.254/latest/meta-data", false)).toContain("private");
    expect(await refusedTarget("http://localhost:8080/hook", false)).toContain("local");
    expect(await refusedTarget("ftp://example.com/x", false)).toContain("http");
    expect(await refusedTarget("https://user:pw@93.184.216.34/x", false)).toContain("credentials");
    expect(await refusedTarget("https://93.184.216.34/hook", false)).toBeNull();
    expect(await refusedTarget("http://127.0.0.1:9/hook", true)).toBeNull();
  });

  it("back off exponentially", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(1000, n))).toEqual([1000, 2000, 4000, 8000]);
  });
});
