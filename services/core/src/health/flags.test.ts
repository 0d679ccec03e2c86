import { describe, expect, it } from "vitest";
import { computeFlags, humanDuration } from "./flags.ts";
import type { FlagPolicy, InventoryCluster, InventoryProxy, MeshState } from "./state.ts";
import { compareVersions } from "./versions.ts";

const now = new Date("2026-01-01T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const policy: FlagPolicy = {
  latestProxyVersion: "1.2.0",
  staleAfterMs: 30_000,
  syncLagMs: 60_000,
  certExpiryMs: 6 * 3_600_000,
  caExpiryMs: 30 * 86_400_000,
};

const proxy = (id: string, over: Partial<InventoryProxy> = {}): InventoryProxy => ({
  proxyId: id,
  kind: "trellis-proxy",
  userAgent: "",
  cluster: "east",
  namespace: "shop",
  service: "web",
  workload: `web-${id}`,
  identity: "spiffe://td/ns/shop/sa/web",
  version: "1.2.0",
  appliedConfigVersion: 7,
  health: "ready",
  startedAt: ago(3_600_000),
  lastSeenAt: ago(1000),
  certNotAfter: new Date(now.getTime() + 20 * 3_600_000),
  lastNack: null,
  laggingSince: null,
  ...over,
});

const cluster = (name: string, over: Partial<InventoryCluster> = {}): InventoryCluster => ({
  name,
  connected: true,
  connectorVersion: "1.2.0",
  lastSeenAt: ago(1000),
  appliedVersion: 7,
  lastNack: null,
  laggingSince: null,
  credentialIssuedAt: ago(86_400_000),
  revokedAt: null,
  ...over,
});

const state = (
  proxies: InventoryProxy[],
  clusters = [cluster("east")],
  ca: Date | null = null,
): MeshState => ({
  mesh: "prod",
  desiredVersion: 7,
  proxies,
  clusters,
  caIssuerNotAfter: ca,
});

const flagsOf = (s: MeshState) => computeFlags(s, policy, now);

describe("computeFlags", () => {
  it("raises nothing for a healthy, current mesh", () => {
    expect(flagsOf(state([proxy("a"), proxy("b")]))).toEqual([]);
  });

  it("flags a proxy behind the latest release and a service running mixed versions", () => {
    const flags = flagsOf(state([proxy("a"), proxy("b", { version: "1.1.3" }), proxy("c")]));
    expect(flags.map((f) => [f.flag, f.subject])).toEqual([
      ["mixed_versions", "shop/web"],
      ["version_behind", "east/b"],
    ]);
    expect(flags[0]!.reason).toBe("proxies of shop/web run 2 versions: 1.2.0 (2), 1.1.3 (1)");
    expect(flags[1]!.reason).toContain("runs 1.1.3; the latest release is 1.2.0");
  });

  it("compares only trellis-proxy releases: xDS clients of a service neither lag nor mix versions", () => {
    const grpc = { kind: "grpc-proxyless" as const, userAgent: "gRPC Node Pure JS" };
    const flags = flagsOf(
      state([
        proxy("a"),
        proxy("g1", { ...grpc, version: "1.14.1" }),
        proxy("g2", { ...grpc, version: "0.9.0" }),
        proxy("e", { kind: "envoy", userAgent: "envoy", version: "1.1.0" }),
      ]),
    );
    expect(flags).toEqual([]);
    // Their receipts still count: a lagging proxyless client is named by its kind.
    const lagging = flagsOf(
      state([proxy("g", { ...grpc, appliedConfigVersion: 6, laggingSince: ago(120_000) })]),
    );
    expect(lagging.map((f) => [f.flag, f.subject])).toEqual([["config_out_of_sync", "east/g"]]);
    expect(lagging[0]!.reason).toMatch(/^grpc-proxyless g \(shop\/web\) runs config version 6 instead of 7/);
  });

  it("flags config lag only past the threshold, and a NACK with its reason", () => {
    const flags = flagsOf(
      state([
        proxy("late", { appliedConfigVersion: 6, laggingSince: ago(120_000) }),
        proxy("fresh", { appliedConfigVersion: 6, laggingSince: ago(10_000) }),
        proxy("refused", { lastNack: { version: 7, error: "route web: unknown backend" } }),
      ]),
    );
    expect(flags.map((f) => `${f.flag} ${f.subject}`)).toEqual([
      "config_nacked east/refused",
      "config_out_of_sync east/late",
    ]);
    expect(flags[0]!.reason).toContain("refused config version 7: route web: unknown backend");
    expect(flags[1]!.reason).toContain("runs config version 6 instead of 7 for 2m");
  });

  it("flags a stale heartbeat and an expiring or expired certificate, but nothing for gone proxies", () => {
    const flags = flagsOf(
      state([
        proxy("quiet", { lastSeenAt: ago(45_000) }),
        proxy("expiring", { certNotAfter: new Date(now.getTime() + 2 * 3_600_000) }),
        proxy("expired", { certNotAfter: ago(60_000) }),
        proxy("gone", { health: "gone", lastSeenAt: ago(86_000_000), version: "0.1.0" }),
      ]),
    );
    expect(flags.map((f) => `${f.flag} ${f.subject}`)).toEqual([
      "cert_expiring east/expired",
      "cert_expiring east/expiring",
      "stale_heartbeat east/quiet",
    ]);
    expect(flags[0]!.reason).toContain("expired 1m ago");
    expect(flags[1]!.reason).toContain("expires in 2h");
    expect(flags[2]!.reason).toContain("has not reported for 45s");
  });

  it("flags disconnected connectors (not ones that never joined), NACKing clusters and a CA near expiry", () => {
    const flags = flagsOf(
      state(
        [],
        [
          cluster("gone", { connected: false, lastSeenAt: ago(600_000) }),
          cluster("pending", { connected: false, credentialIssuedAt: null, lastSeenAt: null }),
          cluster("revoked", { connected: false, revokedAt: ago(1000) }),
          cluster("nack", {
            lastNack: { version: 7, error: "schema mismatch" },
            appliedVersion: 6,
            laggingSince: ago(90_000),
          }),
        ],
        new Date(now.getTime() + 10 * 86_400_000),
      ),
    );
    expect(flags.map((f) => `${f.flag} ${f.subjectKind}:${f.subject}`)).toEqual([
      "ca_expiring mesh:prod",
      "config_nacked cluster:nack",
      "config_out_of_sync cluster:nack",
      "connector_disconnected cluster:gone",
    ]);
    expect(flags[0]!.reason).toContain("expires in 10d");
    expect(flags[3]!.reason).toContain("last seen 10m ago");
  });

  it("flags a not-ready proxy", () => {
    expect(flagsOf(state([proxy("a", { health: "not_ready" })])).map((f) => f.flag)).toEqual([
      "proxy_not_ready",
    ]);
  });
});

describe("compareVersions and humanDuration", () => {
  it("orders semantic versions, prereleases first", () => {
    expect(compareVersions("1.2.0", "1.10.0")).toBeLessThan(0);
    expect(compareVersions("1.2.0-rc.1", "1.2.0")).toBeLessThan(0);
    expect(compareVersions("v2.0.0", "1.9.9")).toBeGreaterThan(0);
    expect(compareVersions("1.2.0", "1.2.0")).toBe(0);
    expect(compareVersions("dev", "1.2.0")).toBeNull();
  });

  it("prints durations for humans", () => {
    expect(humanDuration(45_000)).toBe("45s");
    expect(humanDuration(125_000)).toBe("2m");
    expect(humanDuration(3 * 3_600_000 + 5 * 60_000)).toBe("3h 5m");
    expect(humanDuration(-86_400_000 * 2)).toBe("2d");
  });
});
