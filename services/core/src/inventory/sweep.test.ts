import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor.ts";
import { createCluster } from "../clusters/create.ts";
import { createMesh } from "../meshes/create.ts";
import { replaceDiscoveredServices } from "../services/replace-discovered.ts";
import { loadCompileInput } from "../sync/load-inputs.ts";
import { createTestContext, ownerOf, type TestCore } from "../testing/context.ts";
import { exchangeJoinToken } from "../tunnel-auth/exchange-join-token.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";
import { ingestProxyReport } from "./ingest-report.ts";
import { sweepInventory } from "./sweep.ts";

// A proxy that falls silent is swept to `gone` by the worker: that too is a change of what
// the snapshot lists, so it bumps the mesh's version in the same transaction.
let core: TestCore;
let owner: Actor;
let cluster: TunnelCluster;
let nowMs = Date.parse("2026-06-01T12:00:00Z");
const clock = { now: () => new Date(nowMs) };

const endpoint = (workload: string) => ({
  address: `10.0.0.${workload.at(-1)}`,
  port: 4143,
  serviceAccount: "web",
  workload,
  ready: true,
  vmName: "",
});
const status = (workload: string) => ({
  proxyId: `prx_${workload}`,
  service: "web",
  namespace: "shop",
  workload,
  identity: "spiffe://x/ns/shop/sa/web",
  proxyVersion: "0.1.0",
  appliedConfigVersion: 0,
  certRootFingerprint: "",
  health: "PROXY_HEALTH_READY",
  kind: "PROXY_KIND_TRELLIS_PROXY",
  userAgent: "trellis-proxy",
});

beforeAll(async () => {
  core = await createTestContext({ clock });
  owner = await ownerOf(core.ctx);
  const args = { ctx: core.ctx, actor: owner, requestId: null };
  await createMesh({ ...args, input: { name: "shop" } });
  const { joinToken } = await createCluster({ ...args, input: { mesh: "shop", name: "east" } });
  cluster = (await exchangeJoinToken(core.ctx, joinToken.token)).cluster;
  const web = {
    name: "web",
    namespace: "shop",
    ports: [{ port: 80, protocol: "http", name: "http" }],
    addresses: [],
  };
  await replaceDiscoveredServices(core.ctx, cluster, [
    { ...web, endpoints: [endpoint("web-1"), endpoint("web-2")] },
  ]);
});
afterAll(() => core?.stop());

const endpointsOf = async () =>
  (await loadCompileInput(core.ctx, cluster.meshId))!.services[0]!.endpoints.map((e) => e.workload);

describe("the inventory sweep", () => {
  it("a proxy silent past PROXY_GONE_AFTER_MS is gone, and its endpoint leaves the next version", async () => {
    await ingestProxyReport(core.ctx, cluster, { proxies: [status("web-1"), status("web-2")] } as never);
    const before = (await loadCompileInput(core.ctx, cluster.meshId))!.mesh.configVersion;
    expect(await endpointsOf()).toEqual(["web-1", "web-2"]);
    nowMs += core.ctx.config.PROXY_GONE_AFTER_MS / 2;
    await ingestProxyReport(core.ctx, cluster, { proxies: [status("web-1")] } as never);
    expect(await endpointsOf()).toEqual(["web-1"]);
    const afterReport = (await loadCompileInput(core.ctx, cluster.meshId))!.mesh.configVersion;
    expect(afterReport).toBe(before + 1);
    // Now web-1's connector falls silent too.
    nowMs += core.ctx.config.PROXY_GONE_AFTER_MS + 1000;
    expect(await sweepInventory(core.ctx)).toEqual({ gone: 1, pruned: 0 });
    const input = (await loadCompileInput(core.ctx, cluster.meshId))!;
    expect(input.mesh.configVersion).toBe(afterReport + 1);
    expect(input.services[0]!.endpoints).toEqual([]);
  });

  it("pruning gone proxies hands the endpoint back to discovery, in a new version", async () => {
    const before = (await loadCompileInput(core.ctx, cluster.meshId))!.mesh.configVersion;
    nowMs += core.ctx.config.PROXY_RETENTION_MS + 1000;
    expect(await sweepInventory(core.ctx)).toEqual({ gone: 0, pruned: 2 });
    expect((await loadCompileInput(core.ctx, cluster.meshId))!.mesh.configVersion).toBe(before + 1);
    expect(await endpointsOf()).toEqual(["web-1", "web-2"]);
    expect(await sweepInventory(core.ctx)).toEqual({ gone: 0, pruned: 0 });
    expect((await loadCompileInput(core.ctx, cluster.meshId))!.mesh.configVersion).toBe(before + 1);
  });
});
