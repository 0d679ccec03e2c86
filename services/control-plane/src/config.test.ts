import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.ts";

describe("parseConfig", () => {
  it("reads TRUSTED_PROXIES as a list of addresses and CIDR blocks", () => {
    expect(parseConfig({}).TRUSTED_PROXIES).toEqual([]);
    expect(parseConfig({ TRUSTED_PROXIES: " 10.0.0.0/8, 2001:db8::/32,127.0.0.1 " }).TRUSTED_PROXIES).toEqual(
      ["10.0.0.0/8", "2001:db8::/32", "127.0.0.1"],
    );
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address or block, naming the variable", () => {
    expect(() => parseConfig({ TRUSTED_PROXIES: "10.0.0.0/8,lb.internal" })).toThrow(ConfigError);
    expect(() => parseConfig({ TRUSTED_PROXIES: "10.0.0.0/40" })).toThrow(
      /TRUSTED_PROXIES: must be comma-separated/,
    );
  });
});
