import { timestampFromMs } from "@trellis/protocol/tunnel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, type TestClient, type TestControlPlane, tokenClient } from "../harness.ts";
import type { SimConnector } from "../sim-connector.ts";
import { waitFor } from "../wait-for.ts";
import { connect, type MovableClock, observabilityPlane, proxyStatus, runWorker } from "./setup.ts";

// Simulated connector reports drive the inventory and its flags; the worker moves proxies
// stale → gone → pruned on a clock the test controls.
let cp: TestControlPlane;
let owner: TestClient;
let clock: MovableClock;
let east: SimConnector;
let desired: number;

type Proxy = { id: string; health: string; stale: boolean; flags: { flag: string; reason: string }[] };
const proxies = async (query = "") =>
  (await owner.get(`/v1/meshes/inv/proxies${query}`)).body as { items: Proxy[]; nextCursor: string | null };

beforeAll(async () => {
  ({ cp, owner, clock } = await observabilityPlane());
  east = await connect(cp, owner, "inv", "east");
  desired = (await owner.get("/v1/meshes/inv")).body.configVersion;
});
afterAll(async () => {
  east.close();
  await cp.stop();
});

const report = (...list: ReturnType<typeof proxyStatus>[]) => east.send({ proxyReport: { proxies: list } });

describe("inventory and flags", () => {
  it("flags a mixed-version service, an old proxy, a NACK with its reason and an expiring certificate", async () => {
    report(
      proxyStatus("prx_a", { appliedConfigVersion: desired }),
      proxyStatus("prx_b", { appliedConfigVersion: desired, proxyVersion: "0.0.9" }),
      proxyStatus("prx_c", {
        service: "api",
        appliedConfigVersion: desired,
        lastNack: { version: desired, nonce: "n", error: "route api: backend missing does not exist" },
      }),
      proxyStatus("prx_d", {
        service: "api",
        appliedConfigVersion: desired,
        certNotAfter: timestampFromMs(clock.ms + 3_600_000),
      }),
    );
    const page = await waitFor(async () => ((await proxies()).items.length === 4 ? proxies() : null), {
      what: "4 proxies",
    });
    const flagsOf = (id: string) =>
      page.items
        .find((p) => p.id === id)!
        .flags.map((f) => f.flag)
        .sort();
    expect(flagsOf("prx_a")).toEqual(["mixed_versions"]);
    expect(flagsOf("prx_b")).toEqual(["mixed_versions", "version_behind"]);
    expect(flagsOf("prx_c")).toEqual(["config_nacked"]);
    expect(flagsOf("prx_d")).toEqual(["cert_expiring"]);
    const nack = page.items.find((p) => p.id === "prx_c")!.flags[0]!;
    expect(nack.reason).toContain("route api: backend missing does not exist");

    const health = (await owner.get("/v1/meshes/inv/health")).body;
    expect(health.counts).toMatchObject({
      mixed_versions: 1,
      version_behind: 1,
      config_nacked: 1,
      cert_expiring: 1,
      stale_heartbeat: 0,
    });
    expect(health.proxies).toEqual({ total: 4, ready: 4, notReady: 0, stale: 0, gone: 0 });
    expect(health.healthy).toBe(false);
    expect(health.flags.find((f: { flag: string }) => f.flag === "mixed_versions").reason).toBe(
      "proxies of shop/web run 2 versions: 0.1.0 (1), 0.0.9 (1)",
    );
  });

  it("filters by flag, version, service and cluster, and paginates", async () => {
    expect((await proxies("?flag=mixed_versions")).items.map((p) => p.id)).toEqual(["prx_a", "prx_b"]);
    expect((await proxies("?version=0.0.9")).items.map((p) => p.id)).toEqual(["prx_b"]);
    expect((await proxies("?service=api")).items.map((p) => p.id)).toEqual(["prx_c", "prx_d"]);
    expect((await proxies("?cluster=west")).items).toEqual([]);
    const first = await proxies("?limit=3");
    expect(first.items.map((p) => p.id)).toEqual(["prx_a", "prx_b", "prx_c"]);
    const second = await proxies(`?limit=3&cursor=${first.nextCursor}`);
    expect(second.items.map((p) => p.id)).toEqual(["prx_d"]);
    expect(second.nextCursor).toBeNull();
    expect((await owner.get("/v1/meshes/inv/proxies?flag=nonsense")).status).toBe(422);
  });

  it("marks a proxy the connector no longer lists as gone at once", async () => {
    report(
      proxyStatus("prx_a", { appliedConfigVersion: desired }),
      proxyStatus("prx_c", { service: "api", appliedConfigVersion: desired }),
      proxyStatus("prx_d", { service: "api", appliedConfigVersion: desired }),
    );
    const b = await waitFor(
      async () => (await proxies()).items.find((p) => p.id === "prx_b" && p.health === "gone"),
      {
        what: "prx_b gone",
      },
    );
    expect(b.flags).toEqual([]);
    const health = (await owner.get("/v1/meshes/inv/health")).body;
    expect(health.counts.mixed_versions).toBe(0);
    expect(health.proxies.gone).toBe(1);
    expect(
      (await owner.get("/v1/meshes/inv/sync")).body.proxies.map((p: { proxy: string }) => p.proxy),
    ).not.toContain("prx_b");
  });

  it("turns silent proxies stale, then gone, then prunes them after the retention", async () => {
    clock.advance(31_000);
    const stale = await proxies("?flag=stale_heartbeat");
    expect(stale.items.map((p) => [p.id, p.stale])).toEqual([
      ["prx_a", true],
      ["prx_c", true],
      ["prx_d", true],
    ]);
    expect(stale.items[0]!.flags.find((f) => f.flag === "stale_heartbeat")!.reason).toContain(
      "has not reported for 31s",
    );

    clock.advance(5 * 60_000);
    expect((await runWorker(cp)).gone).toBe(3);
    const all = await proxies();
    expect(all.items.map((p) => p.health)).toEqual(["gone", "gone", "gone", "gone"]);
    expect((await owner.get("/v1/meshes/inv/health")).body.proxies).toMatchObject({ total: 0, gone: 4 });

    clock.advance(24 * 3_600_000);
    expect((await runWorker(cp)).pruned).toBe(4);
    expect((await proxies()).items).toEqual([]);
  });

  it("keeps each member's kind of data plane and user agent, in the inventory and in /sync", async () => {
    const certNotAfter = timestampFromMs(clock.ms + 20 * 3_600_000);
    report(
      // A connector that predates `kind` reports trellis-proxies without one.
      proxyStatus("prx_old", { appliedConfigVersion: desired, certNotAfter }),
      proxyStatus("envoy-1", {
        kind: "PROXY_KIND_ENVOY",
        userAgent: "envoy",
        proxyVersion: "1.31.2",
        appliedConfigVersion: desired,
        certNotAfter,
      }),
      proxyStatus("restock-1", {
        service: "restock",
        kind: "PROXY_KIND_GRPC_PROXYLESS",
        userAgent: "gRPC Node Pure JS",
        proxyVersion: "0.9.0",
        appliedConfigVersion: desired,
        certNotAfter,
        lastNack: { version: desired + 1, nonce: "3-7", error: "envoy.config.listener.v3.Listener: bad" },
      }),
    );
    type Member = Proxy & { kind: string; userAgent: string; version: string };
    const listed = await waitFor(
      async () => {
        const items = (await proxies()).items as Member[];
        return items.some((p) => p.id === "restock-1") ? items : null;
      },
      { what: "the xDS members" },
    );
    expect(listed.map((p) => [p.id, p.kind, p.userAgent, p.version])).toEqual([
      ["envoy-1", "envoy", "envoy", "1.31.2"],
      ["prx_old", "trellis-proxy", "", "0.1.0"],
      ["restock-1", "grpc-proxyless", "gRPC Node Pure JS", "0.9.0"],
    ]);
    // An xDS client's version is its library's: never compared with trellis-proxy releases.
    const restock = listed.find((p) => p.id === "restock-1")!;
    expect(restock.flags.map((f) => f.flag)).toEqual(["config_nacked"]);
    expect(restock.flags[0]!.reason).toMatch(/^grpc-proxyless restock-1 \(shop\/restock\) refused config/);
    // Envoy 1.31.2 beside trellis-proxy 0.1.0 in shop/web: two data planes, not mixed versions.
    expect(listed.flatMap((p) => p.flags.map((f) => f.flag))).not.toContain("mixed_versions");
    expect((await proxies("?kind=grpc-proxyless")).items.map((p) => p.id)).toEqual(["restock-1"]);
    const bad = await owner.get("/v1/meshes/inv/proxies?kind=istio");
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("kind");
    const sync = (await owner.get("/v1/meshes/inv/sync")).body as {
      proxies: { proxy: string; kind: string; lastNack: { version: number; error: string } | null }[];
    };
    // Ordered by service (restock, web), then id.
    expect(sync.proxies.map((p) => [p.proxy, p.kind, p.lastNack?.version ?? null])).toEqual([
      ["restock-1", "grpc-proxyless", desired + 1],
      ["envoy-1", "envoy", null],
      ["prx_old", "trellis-proxy", null],
    ]);
  });

  it("lets a viewer read, and answers another org 404", async () => {
    const viewer = await tokenClient(owner, "viewer");
    expect((await viewer.get("/v1/meshes/inv/proxies")).status).toBe(200);
    expect((await viewer.get("/v1/meshes/inv/health")).status).toBe(200);
    const stranger = await tokenClient((await signedUpClient(cp.url, "Other")).client, "owner");
    expect((await stranger.get("/v1/meshes/inv/proxies")).status).toBe(404);
    expect((await stranger.get("/v1/meshes/inv/health")).status).toBe(404);
  });
});

describe("connectors", () => {
  it("flags a disconnected connector by name", async () => {
    const west = await connect(cp, owner, "inv", "west");
    west.close();
    const health = await waitFor(
      async () => {
        const h = (await owner.get("/v1/meshes/inv/health")).body;
        return h.counts.connector_disconnected === 1 ? h : null;
      },
      { what: "west disconnected" },
    );
    expect(health.flags.find((f: { flag: string }) => f.flag === "connector_disconnected").subject).toBe(
      "west",
    );
    expect(
      health.connectors.map((c: { cluster: string; connected: boolean }) => [c.cluster, c.connected]),
    ).toEqual([
      ["east", true],
      ["west", false],
    ]);
  });
});
