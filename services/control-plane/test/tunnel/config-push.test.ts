import * as grpc from "@grpc/grpc-js";
import { configSnapshotSchema } from "@trellis/protocol/snapshot";
import { parseConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { waitFor } from "../wait-for.ts";
import { addCluster, httpRoute } from "./setup.ts";

// Push → ACK/NACK → /sync, and resume without redundant pushes.
let cp: TestControlPlane;
let owner: TestClient;
let credential: string;
const open: SimConnector[] = [];
const connect = (...args: ConstructorParameters<typeof SimConnector>) => {
  const c = new SimConnector(...args);
  open.push(c);
  return c;
};
const sync = async () => (await owner.get("/v1/meshes/push/sync")).body;

beforeAll(async () => {
  cp = await startTestControlPlane({
    env: { TUNNEL_HEARTBEAT_INTERVAL_MS: "300" },
    // A wide debounce so the burst test does not depend on the machine's speed.
    tunnel: { debounceMs: 250 },
  });
  owner = (await signedUpClient(cp.url)).client;
  const token = await addCluster(owner, "push", "east");
  const conn = connect(cp.tunnelTarget, { joinToken: token });
  credential = (await conn.welcome()).clusterCredential;
  conn.close();
});
afterAll(async () => {
  for (const c of open) c.close();
  await cp.stop();
});

describe("config push", () => {
  it("sends the current snapshot after Welcome, and its ACK puts the cluster in sync", async () => {
    const conn = connect(cp.tunnelTarget, { credential });
    const welcome = await conn.welcome();
    expect(welcome.desiredVersion).toBe(1);
    const { msg, doc } = await conn.config(1);
    expect(conn.received.findIndex((m) => m.welcome)).toBeLessThan(conn.received.findIndex((m) => m.config));
    expect(msg.schema).toBe("trellis.config/v1");
    expect(msg.alternates).toEqual([]);
    expect(doc).toMatchObject({ cluster: "east", version: 1, mesh: { name: "push" } });
    expect((await sync()).clusters[0]).toMatchObject({
      inSync: false,
      appliedVersion: null,
      connected: true,
    });
    conn.ack(msg);
    await waitFor(async () => (await sync()).inSync, { what: "/sync in sync" });
    expect((await sync()).clusters[0]).toMatchObject({
      appliedVersion: 1,
      laggingSince: null,
      lastNack: null,
    });

    const put = await owner.put("/v1/meshes/push/resources/HTTPRoute/web", httpRoute("web-v2"));
    expect(put.status).toBe(201);
    const next = await conn.config(2);
    expect(next.doc.httpRoutes.map((r) => r.name)).toEqual(["web"]);
    const lagging = await sync();
    expect(lagging.clusters[0]).toMatchObject({ inSync: false, appliedVersion: 1, desiredVersion: 2 });
    expect(lagging.clusters[0].laggingSince).not.toBeNull();
    conn.ack(next.msg);
    await waitFor(async () => (await sync()).clusters[0].appliedVersion === 2, { what: "applied version 2" });
    conn.close();
  });

  it("a connector that reads v2 gets the v2 snapshot, with the v1 rendering as an alternate", async () => {
    const conn = connect(
      cp.tunnelTarget,
      { credential },
      {
        appliedVersion: 0,
        acceptedSchemas: ["trellis.config/v2", "trellis.config/v1"],
      },
    );
    await conn.welcome();
    const msg = await conn.configMessage(1);
    expect(msg.schema).toBe("trellis.config/v2");
    const v2 = parseConfigSnapshotV2(JSON.parse(msg.payload.toString("utf8")));
    if (!v2.ok) throw new Error(v2.error);
    expect(v2.snapshot).toMatchObject({ cluster: "east", version: msg.version, mesh: { name: "push" } });
    expect(msg.alternates.map((a) => a.schema)).toEqual(["trellis.config/v1"]);
    const v1 = configSnapshotSchema.parse(JSON.parse(msg.alternates[0]!.payload.toString("utf8")));
    expect(v1).toMatchObject({ cluster: "east", version: msg.version });
    expect(v1.httpRoutes.map((r) => r.name)).toEqual(["web"]);
    conn.ack(msg);
    await waitFor(async () => (await sync()).inSync, { what: "in sync on v2" });
    conn.close();
  });

  it("a NACK shows with its reason and the cluster keeps its applied version", async () => {
    const conn = connect(cp.tunnelTarget, { credential }, { appliedVersion: 2 });
    await conn.welcome();
    await owner.put("/v1/meshes/push/resources/HTTPRoute/web", httpRoute("web-v3"));
    const { msg } = await conn.config(3);
    conn.nack(msg, "route web: backend web-v3 is not known here");
    await waitFor(async () => (await sync()).clusters[0].lastNack, { what: "the NACK to show" });
    const s = (await sync()).clusters[0];
    expect(s).toMatchObject({ appliedVersion: 2, desiredVersion: 3, inSync: false });
    expect(s.lastNack).toMatchObject({ version: 3, error: "route web: backend web-v3 is not known here" });
    // The refused version is not pushed again by the healing loop…
    await cp.cp.tunnel!.hub.reconcile();
    await conn.roundTrip();
    expect(conn.configs().filter((c) => c.version === 3)).toHaveLength(1);
    // …but the next one is, and its ACK clears the NACK.
    await owner.put("/v1/meshes/push/resources/HTTPRoute/web", httpRoute("web"));
    const fixed = await conn.config(4);
    conn.ack(fixed.msg);
    await waitFor(async () => (await sync()).inSync, { what: "in sync again" });
    expect((await sync()).clusters[0].lastNack).toBeNull();
    conn.close();
  });

  it("a reconnect holding the current version gets nothing redundant", async () => {
    const version = (await sync()).desiredVersion;
    const conn = connect(cp.tunnelTarget, { credential }, { appliedVersion: version });
    expect((await conn.welcome()).desiredVersion).toBe(0);
    await cp.cp.tunnel!.hub.reconcile();
    await cp.cp.tunnel!.hub.flush((await owner.get("/v1/meshes/push")).body.id);
    await conn.roundTrip();
    expect(conn.configs()).toEqual([]);
    conn.close();
  });

  it("a reconnect holding an older version gets the current one", async () => {
    const version = (await sync()).desiredVersion;
    const conn = connect(cp.tunnelTarget, { credential }, { appliedVersion: version - 1 });
    expect((await conn.welcome()).desiredVersion).toBe(version);
    expect((await conn.config(version)).msg.version).toBe(version);
    conn.close();
  });

  it("coalesces a burst of changes into few pushes, ending on the last version", async () => {
    const conn = connect(cp.tunnelTarget, { credential }, { appliedVersion: (await sync()).desiredVersion });
    await conn.welcome();
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        owner.put(`/v1/meshes/push/resources/HTTPRoute/burst-${i}`, httpRoute("web")),
      ),
    );
    const desired = (await sync()).desiredVersion;
    const { doc } = await conn.config(desired);
    expect(doc.httpRoutes.map((r) => r.name)).toEqual(expect.arrayContaining(["burst-0", "burst-4"]));
    expect(conn.configs().length).toBeLessThan(5);
    conn.close();
  });

  it("answers heartbeats and closes a stream that goes silent", async () => {
    const conn = connect(cp.tunnelTarget, { credential }, {}, false);
    await conn.welcome();
    await conn.roundTrip();
    // No more messages from us: the server gives up after ~3 × 300 ms.
    const status = await conn.status;
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
    expect(status.details).toMatch(/no message/);
  });

  it("answers a SignRequest on the stream (a CSR that is not one is refused with a SignError)", async () => {
    const conn = connect(cp.tunnelTarget, { credential });
    await conn.welcome();
    conn.send({
      signRequest: { requestId: "r1", csrPem: "x", identity: "spiffe://x/ns/a/sa/b", proxyId: "prx_1" },
    });
    const res = await waitFor(() => conn.received.find((m) => m.signResponse)?.signResponse, {
      what: "SignResponse",
    });
    expect(res.requestId).toBe("r1");
    expect(res.result).toBe("error");
    expect(res.error!.code).toMatch(/^[a-z_]+$/);
    conn.close();
  });
});
