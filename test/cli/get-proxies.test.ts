import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
// The control plane's simulated connector (made from @trellis/protocol only) reports the
// inventory exactly as a real connector would, over the gRPC tunnel.
import { SimConnector } from "@trellis/control-plane/testing/sim-connector";
import { type ProxyStatus__Input, timestampFromMs } from "@trellis/protocol/tunnel";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.ts";
import { runCli, tempDir } from "./run-cli.ts";

let cp: TestControlPlane;
let env: Record<string, string>;
let dir: { path: string; remove(): Promise<void> };
let east: SimConnector;
let desired: number;

const member = (id: string, over: Partial<ProxyStatus__Input>): ProxyStatus__Input => ({
  proxyId: id,
  namespace: "shop",
  workload: id,
  identity: `spiffe://td/ns/shop/sa/${over.service ?? "web"}`,
  health: "PROXY_HEALTH_READY",
  startedAt: timestampFromMs(Date.now() - 60_000),
  certNotAfter: timestampFromMs(Date.now() + 20 * 3_600_000),
  ...over,
});

beforeAll(async () => {
  cp = await startTestControlPlane();
  const session = new TrellisClient({ baseUrl: cp.url });
  await session.auth.signup({
    email: `cli-proxies-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    orgName: "Proxies Org",
  });
  const token = (await session.tokens.create({ name: "cli", role: "owner" })).token;
  const owner = new TrellisClient({ baseUrl: cp.url, token });
  desired = (await owner.meshes.create({ name: "px" })).configVersion;
  const { joinToken } = await owner.clusters("px").create("east");
  east = new SimConnector(cp.tunnelTarget, { joinToken: joinToken.token });
  await east.welcome();
  east.send({
    proxyReport: {
      proxies: [
        member("prx_web1", { service: "web", proxyVersion: "0.1.0", appliedConfigVersion: desired }),
        member("restock-1", {
          service: "restock",
          kind: "PROXY_KIND_GRPC_PROXYLESS",
          userAgent: "gRPC Node Pure JS",
          proxyVersion: "1.14.1",
          // It refused the mesh's first version: it never applied a config.
          appliedConfigVersion: 0,
          lastNack: { version: desired, nonce: "1-4", error: "envoy.config.cluster.v3.Cluster: bad" },
        }),
      ],
    },
  });
  await waitFor(async () => (await owner.proxies("px").listAll()).length === 2, { what: "two proxies" });
  dir = await tempDir("trellis-cli-proxies-");
  env = { TRELLIS_CONFIG_DIR: dir.path, TRELLIS_URL: cp.url, TRELLIS_TOKEN: token, TRELLIS_MESH: "px" };
});
afterAll(async () => {
  east?.close();
  await cp?.stop();
  await dir?.remove();
});

// Each `trellis` run is a fresh Node process: generous per-test bounds on 2 shared cores.
describe("trellis get proxies", { timeout: 120_000 }, () => {
  it("lists every mesh member with its kind of data plane, release and config receipt", async () => {
    const r = await runCli(["get", "proxies"], { env });
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split("\n");
    expect(header!.split(/\s{2,}/)).toEqual([
      "NAME",
      "KIND",
      "SERVICE",
      "CLUSTER",
      "VERSION",
      "CONFIG",
      "HEALTH",
      "LAST SEEN",
    ]);
    expect(rows.map((l) => l.split(/\s{2,}/).slice(0, 7))).toEqual([
      ["prx_web1", "trellis-proxy", "shop/web", "east", "0.1.0", `v${desired}/v${desired}`, "ready"],
      ["restock-1", "grpc-proxyless", "shop/restock", "east", "1.14.1", `-/v${desired}`, "ready"],
    ]);
    const wide = await runCli(["get", "px", "restock-1", "-o", "wide"], { env });
    expect(wide.code, wide.stderr).toBe(0);
    expect(wide.stdout).toContain("USER AGENT");
    expect(wide.stdout).toMatch(/gRPC Node Pure JS\s+spiffe:\/\/td\/ns\/shop\/sa\/restock\s+in (19|20)h/);
  });

  it("filters by --kind, prints names and JSON, and refuses an unknown kind or id", async () => {
    const names = await runCli(["get", "proxies", "--kind", "grpc-proxyless", "-o", "name"], { env });
    expect(names.stdout.trim()).toBe("proxy/restock-1");
    const one = await runCli(["get", "proxy", "restock-1", "-o", "json"], { env });
    expect(JSON.parse(one.stdout)).toMatchObject({
      id: "restock-1",
      kind: "grpc-proxyless",
      userAgent: "gRPC Node Pure JS",
      lastNack: { version: desired, error: "envoy.config.cluster.v3.Cluster: bad" },
    });
    const bad = await runCli(["get", "proxies", "--kind", "istio"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kind must be one of trellis-proxy, envoy, grpc-proxyless, got "istio"');
    const missing = await runCli(["get", "proxies", "nope"], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no proxy "nope" in mesh px');
    const misplaced = await runCli(["get", "routes", "--kind", "envoy"], { env });
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain("--kind is for `trellis get proxies`");
  });

  it("sync and check name each proxy's data plane, and the proxyless member's NACK", async () => {
    const sync = await runCli(["sync"], { env });
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/grpc-proxyless\s+restock-1\s+east\s+-\s+v\d+\s+no/);
    expect(sync.stdout).toMatch(/trellis-proxy\s+prx_web1\s+east/);
    const check = await runCli(["check"], { env });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("proxies run the desired config (1/2: 1 grpc-proxyless, 1 trellis-proxy)");
    expect(check.stdout).toContain(
      `restock-1: grpc-proxyless of restock rejected v${desired} (NACK: envoy.config.cluster.v3.Cluster: bad)`,
    );
  });
});
