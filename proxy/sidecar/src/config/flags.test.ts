import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./flags.ts";

const base = [
  "--connector",
  "127.0.0.1:4180",
  "--service",
  "web",
  "--service-account",
  "web",
  "--outbound",
  "127.0.0.1:4140",
];

describe("parseConfig", () => {
  it("reads flags, then TRELLIS_PROXY_* variables, with defaults", () => {
    const c = parseConfig(base, { TRELLIS_PROXY_NAMESPACE: "shop", TRELLIS_PROXY_DRAIN_TIMEOUT_MS: "500" });
    expect(c.connector).toEqual({ host: "127.0.0.1", port: 4180 });
    expect(c.namespace).toBe("shop");
    expect(c.drainTimeoutMs).toBe(500);
    expect(c.admin).toEqual({ host: "127.0.0.1", port: 4191 });
  });

  it("lets a flag override the environment and accepts --flag=value", () => {
    const c = parseConfig([...base, "--namespace=ops"], { TRELLIS_PROXY_NAMESPACE: "shop" });
    expect(c.namespace).toBe("ops");
  });

  it("names the failing field", () => {
    expect(() =>
      parseConfig(["--connector", "nope", "--service", "a", "--identity", "spiffe://t/x"]),
    ).toThrow(/--connector/);
    expect(() => parseConfig(["--connector", "h:1", "--service", "a", "--outbound", "h:2"])).toThrow(
      /--service-account/,
    );
    expect(() => parseConfig([...base, "--inbound", "h:1"])).toThrow(/--app/);
    expect(() => parseConfig([...base, "--bogus", "1"])).toThrow(ConfigError);
    expect(() => parseConfig([...base, "--app-protocol", "ftp"])).toThrow(/--app-protocol/);
  });

  it("takes --workers as a whole number ≥ 1, unset meaning the CPU quota", () => {
    expect(parseConfig(base).workers).toBeUndefined();
    expect(parseConfig([...base, "--workers", "3"]).workers).toBe(3);
    expect(() => parseConfig([...base, "--workers", "0"])).toThrow(/--workers/);
    expect(() => parseConfig([...base, "--workers", "two"])).toThrow(/--workers/);
  });

  it("reads original destinations only with --capture iptables (the injector sets it)", () => {
    expect(parseConfig(base).capture).toBe("none");
    expect(parseConfig([...base, "--capture=iptables"]).capture).toBe("iptables");
    expect(() => parseConfig([...base, "--capture", "ebpf"])).toThrow(/--capture/);
  });

  it("needs at least one listener", () => {
    expect(() => parseConfig(["--connector", "h:1", "--service", "a", "--service-account", "a"])).toThrow(
      /--outbound/,
    );
  });
});
