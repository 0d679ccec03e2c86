import { describe, expect, it } from "vitest";
import { clientAddress, isCidr, TrustedProxies } from "./client-address.ts";

const lb = new TrustedProxies(["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"]);
const none = new TrustedProxies([]);

describe("clientAddress", () => {
  it("is the peer when nothing is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.5", "1.2.3.4", none)).toBe("203.0.113.5");
    expect(clientAddress("::ffff:203.0.113.5", undefined, none)).toBe("203.0.113.5");
    expect(clientAddress(null, "1.2.3.4", lb)).toBeNull();
  });

  it("is the peer when the peer is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.5", "1.2.3.4", lb)).toBe("203.0.113.5");
  });

  it("walks X-Forwarded-For from the right, past trusted proxies, to the first untrusted hop", () => {
    expect(clientAddress("10.0.0.2", "198.51.100.7", lb)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.1.1", lb)).toBe("198.51.100.7");
    expect(clientAddress("::ffff:10.0.0.2", "2001:db9::1, 192.0.2.1", lb)).toBe("2001:db9::1");
  });

  it("stops at a malformed entry and when every hop is trusted", () => {
    expect(clientAddress("10.0.0.2", "evil, 10.3.3.3", lb)).toBe("10.3.3.3");
    expect(clientAddress("10.0.0.2", "10.3.3.3", lb)).toBe("10.3.3.3");
    expect(clientAddress("10.0.0.2", "", lb)).toBe("10.0.0.2");
  });
});

describe("isCidr", () => {
  it("accepts addresses and blocks of either family, nothing else", () => {
    for (const ok of ["10.0.0.0/8", "127.0.0.1", "::1/128", "2001:db8::/32", "0.0.0.0/0"])
      expect(isCidr(ok), ok).toBe(true);
    for (const bad of ["10.0.0.0/33", "::1/129", "example.com", "10.0.0.0/8/1", "10.0.0/8", "", "1.2.3.4/x"])
      expect(isCidr(bad), bad).toBe(false);
  });
});
