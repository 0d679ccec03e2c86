import type { ConfigSnapshot as SnapshotDoc } from "@trellis/protocol/snapshot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { waitFor } from "../wait-for.ts";
import { addCluster } from "./setup.ts";

// Issue 13 §6, control-plane side: when a connector reports a proxy gone, its endpoint leaves
// every cluster's snapshot within seconds; a proxy that is starting or draining is listed
// as not ready; one that serves again is back. Discovery alone never learns any of this.
let cp: TestControlPlane;
let owner: TestClient;
let east: SimConnector;
let west: SimConnector;

const catalog = {
  name: "catalog",
  namespace: "shop",
  ports: [{ port: 8080, protocol: "http", name: "http" }],
  endpoints: ["catalog-0", "catalog-1"].map((workload, i) => ({
    address: `10.0.0.${i + 1}`,
    port: 4143,
    serviceAccount: "catalog",
    workload,
    ready: true,
    vmName: "",
  })),
};

type Health = "PROXY_HEALTH_READY" | "PROXY_HEALTH_NOT_READY" | "PROXY_HEALTH_DRAINING";
const proxy = (workload: string, health: Health = "PROXY_HEALTH_READY") => ({
  proxyId: `prx_${workload}`,
  service: "catalog",
  namespace: "shop",
  workload,
  identity: "spiffe://x/ns/shop/sa/catalog",
  proxyVersion: "0.1.0",
  health,
});

const meshVersion = async () => (await owner.get("/v1/meshes/health")).body.configVersion as number;

/** The catalog endpoints, as `workload(address):ready`, of the newest snapshot a connector got. */
async function endpointsSeenBy(sim: SimConnector, minVersion: number): Promise<string[]> {
  const { doc } = await sim.config(minVersion, 10_000);
  const newest = sim.configs().at(-1)!;
  const latest = JSON.parse(Buffer.from(newest.payload).toString("utf8")) as SnapshotDoc;
  const svc = (newest.version > doc.version ? latest : doc).services.find((s) => s.name === "catalog");
  return (svc?.endpoints ?? []).map((e) => `${e.address}:${e.ready}`);
}

beforeAll(async () => {
  cp = await startTestControlPlane();
  owner = (await signedUpClient(cp.url)).client;
  east = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "health", "east") });
  west = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "health", "west") });
  await east.welcome();
  await west.welcome();
  east.send({ discovery: { services: [catalog] } });
  east.send({ proxyReport: { proxies: [proxy("catalog-0"), proxy("catalog-1")] } });
  await waitFor(async () => (await owner.get("/v1/meshes/health/sync")).body.proxies?.length === 2, {
    what: "the discovery and the first report to be stored",
  });
});
afterAll(async () => {
  east.close();
  west.close();
  await cp.stop();
});

describe("proxy health feeds the snapshot", () => {
  it("a proxy reported gone leaves every cluster's endpoint set", async () => {
    const before = await meshVersion();
    expect(await endpointsSeenBy(west, before)).toEqual(["10.0.0.1:true", "10.0.0.2:true"]);
    // catalog-1's proxy was killed: the connector's next report no longer lists it.
    east.send({ proxyReport: { proxies: [proxy("catalog-0")] } });
    for (const sim of [west, east]) expect(await endpointsSeenBy(sim, before + 1)).toEqual(["10.0.0.1:true"]);
    const proxies = (await owner.get("/v1/meshes/health/proxies")).body.items;
    expect(proxies.find((p: { id: string }) => p.id === "prx_catalog-1").health).toBe("gone");
  });

  it("a proxy that comes back (a new id, the same workload) is listed again", async () => {
    const before = await meshVersion();
    east.send({
      proxyReport: { proxies: [proxy("catalog-0"), { ...proxy("catalog-1"), proxyId: "prx_new" }] },
    });
    expect(await endpointsSeenBy(west, before + 1)).toEqual(["10.0.0.1:true", "10.0.0.2:true"]);
  });

  it("a proxy starting or draining is listed but not ready", async () => {
    const before = await meshVersion();
    east.send({
      proxyReport: {
        proxies: [proxy("catalog-0", "PROXY_HEALTH_DRAINING"), { ...proxy("catalog-1"), proxyId: "prx_new" }],
      },
    });
    expect(await endpointsSeenBy(west, before + 1)).toEqual(["10.0.0.1:false", "10.0.0.2:true"]);
  });

  it("a report that changes nothing about endpoints does not bump the version", async () => {
    const before = await meshVersion();
    const same = [proxy("catalog-0", "PROXY_HEALTH_DRAINING"), { ...proxy("catalog-1"), proxyId: "prx_new" }];
    east.send({ proxyReport: { proxies: same.map((p) => ({ ...p, appliedConfigVersion: before })) } });
    // Reports are stored in order: once this one shows, the comparison is done.
    await waitFor(
      async () =>
        (await owner.get("/v1/meshes/health/sync")).body.proxies.every(
          (p: { appliedVersion: number }) => p.appliedVersion === before,
        ),
      { what: "the report to be stored" },
    );
    expect(await meshVersion()).toBe(before);
  });
});
