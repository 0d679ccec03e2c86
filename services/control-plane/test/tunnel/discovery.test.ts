import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signedUpClient,
  startTestControlPlane,
  type TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { waitFor } from "../wait-for.ts";
import { addCluster } from "./setup.ts";

// DiscoveryUpdate → discovered_services → /services and fresh snapshots everywhere;
// ProxyReport → /sync per proxy; the new routes are tenant-scoped.
let cp: TestControlPlane;
let owner: TestClient;
let east: SimConnector;
let west: SimConnector;

const webService = (...addresses: string[]) => ({
  name: "web",
  namespace: "shop",
  ports: [{ port: 8080, protocol: "http", name: "http" }],
  endpoints: addresses.map((address) => ({
    address,
    port: 4143,
    serviceAccount: "web",
    workload: `web-${address}`,
    ready: true,
    vmName: "",
  })),
});

beforeAll(async () => {
  cp = await startTestControlPlane();
  owner = (await signedUpClient(cp.url)).client;
  east = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "disco", "east") });
  west = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "disco", "west") });
  await east.welcome();
  await west.welcome();
});
afterAll(async () => {
  east.close();
  west.close();
  await cp.stop();
});

describe("discovery", () => {
  it("lists discovered services with cluster and endpoint counts, and pushes their endpoints to every cluster", async () => {
    const before = (await owner.get("/v1/meshes/disco")).body.configVersion as number;
    east.send({
      discovery: {
        services: [
          webService("10.0.0.1"),
          { name: "db", namespace: "data", ports: [{ port: 5432, protocol: "tcp" }], endpoints: [] },
        ],
      },
    });
    west.send({ discovery: { services: [webService("10.1.0.2", "10.1.0.1")] } });
    const page = await waitFor(
      async () => {
        const res = await owner.get("/v1/meshes/disco/services");
        return res.body.items?.find((s: { name: string }) => s.name === "web")?.clusters.length === 2
          ? res.body
          : null;
      },
      { what: "web in two clusters" },
    );
    expect(page.items.map((s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`)).toEqual([
      "data/db",
      "shop/web",
    ]);
    const web = page.items[1];
    expect(web.clusters).toEqual([
      { cluster: "east", endpoints: 1 },
      { cluster: "west", endpoints: 2 },
    ]);
    expect(web.endpoints).toBe(3);
    expect(web.ports).toEqual([{ port: 8080, protocol: "http", name: "http" }]);

    const after = (await owner.get("/v1/meshes/disco")).body.configVersion as number;
    expect(after).toBeGreaterThan(before);
    const { doc } = await east.config(after);
    const svc = doc.services.find((s) => s.name === "web")!;
    expect(svc.endpoints.map((e) => `${e.cluster}:${e.address}`)).toEqual([
      "east:10.0.0.1",
      "west:10.1.0.1",
      "west:10.1.0.2",
    ]);
    expect(svc.endpoints[0]!.identity).toBe(`spiffe://${doc.mesh.trustDomain}/ns/shop/sa/web`);
  });

  it("paginates services", async () => {
    const first = await owner.get("/v1/meshes/disco/services?limit=1");
    expect(first.body.items).toHaveLength(1);
    const second = await owner.get(`/v1/meshes/disco/services?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].name).toBe("web");
    expect(second.body.nextCursor).toBeNull();
  });

  it("an unchanged discovery set does not bump the config version", async () => {
    const before = (await owner.get("/v1/meshes/disco")).body.configVersion as number;
    // Same set, other order.
    west.send({ discovery: { services: [webService("10.1.0.1", "10.1.0.2")] } });
    // Messages are handled in order: once a report sent after it shows, the update is done.
    west.send({ proxyReport: { proxies: [{ proxyId: "prx_marker", service: "web", namespace: "shop" }] } });
    await waitFor(async () => (await owner.get("/v1/meshes/disco/sync")).body.proxies.length === 1, {
      what: "the marker report",
    });
    expect((await owner.get("/v1/meshes/disco")).body.configVersion).toBe(before);
    west.send({ proxyReport: { proxies: [] } });
    await waitFor(async () => (await owner.get("/v1/meshes/disco/sync")).body.proxies.length === 0, {
      what: "the marker to go",
    });
  });

  it("records proxy reports and shows each proxy in /sync", async () => {
    const desired = (await owner.get("/v1/meshes/disco")).body.configVersion as number;
    east.send({
      proxyReport: {
        proxies: [
          {
            proxyId: "prx_a",
            service: "web",
            namespace: "shop",
            workload: "web-0",
            identity: "spiffe://x/ns/shop/sa/web",
            proxyVersion: "0.1.0",
            appliedConfigVersion: desired,
            health: "PROXY_HEALTH_READY",
          },
          {
            proxyId: "prx_b",
            service: "web",
            namespace: "shop",
            workload: "web-1",
            identity: "spiffe://x/ns/shop/sa/web",
            proxyVersion: "0.1.0",
            appliedConfigVersion: desired - 1,
            health: "PROXY_HEALTH_NOT_READY",
          },
        ],
      },
    });
    const s = await waitFor(
      async () => {
        const body = (await owner.get("/v1/meshes/disco/sync")).body;
        return body.proxies.length === 2 ? body : null;
      },
      { what: "two proxies in /sync" },
    );
    expect(s.proxies[0]).toMatchObject({
      proxy: "prx_a",
      cluster: "east",
      service: "web",
      inSync: true,
      laggingSince: null,
    });
    expect(s.proxies[1]).toMatchObject({ proxy: "prx_b", inSync: false, appliedVersion: desired - 1 });
    expect(s.proxies[1].laggingSince).not.toBeNull();
    expect(s.inSync).toBe(false);

    east.send({ proxyReport: { proxies: [] } });
    await waitFor(async () => (await owner.get("/v1/meshes/disco/sync")).body.proxies.length === 0, {
      what: "the empty report to replace the rows",
    });
  });

  it("lets a viewer read /sync and /services, and answers 404 to another org", async () => {
    const viewer = await tokenClient(owner, "viewer");
    expect((await viewer.get("/v1/meshes/disco/sync")).status).toBe(200);
    expect((await viewer.get("/v1/meshes/disco/services")).status).toBe(200);
    const stranger = await tokenClient((await signedUpClient(cp.url, "Other")).client, "owner");
    expect((await stranger.get("/v1/meshes/disco/sync")).status).toBe(404);
    expect((await stranger.get("/v1/meshes/disco/services")).status).toBe(404);
    const doc = (await owner.get("/v1/openapi.json")).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/meshes/{mesh}/sync", "/v1/meshes/{mesh}/services"]),
    );
  });
});
