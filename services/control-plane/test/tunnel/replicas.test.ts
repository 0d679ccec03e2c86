import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { waitFor } from "../wait-for.ts";
import { addCluster, httpRoute } from "./setup.ts";

// Two control-plane replicas on one PostgreSQL: changes meet over LISTEN/NOTIFY.
let a: TestControlPlane;
let b: TestControlPlane;
let ownerA: TestClient;
const open: SimConnector[] = [];

beforeAll(async () => {
  a = await startTestControlPlane({ env: { REPLICA_ID: "replica-a" } });
  b = await startTestControlPlane({ database: a.database, env: { REPLICA_ID: "replica-b" } });
  ownerA = (await signedUpClient(a.url)).client;
});
afterAll(async () => {
  for (const c of open) c.close();
  await b.stop();
  await a.stop();
});

describe("two replicas", () => {
  it("a change written through replica A reaches a connector on replica B at once (not by the 30 s reconcile)", async () => {
    const conn = new SimConnector(b.tunnelTarget, { joinToken: await addCluster(ownerA, "pair", "east") });
    open.push(conn);
    await conn.welcome();
    const first = await conn.config(1);
    conn.ack(first.msg);
    const started = Date.now();
    const put = await ownerA.put("/v1/meshes/pair/resources/HTTPRoute/web", httpRoute("web"));
    expect(put.status).toBe(201);
    const { doc } = await conn.config(2, 15_000);
    // Under a second when idle (NOTIFY → push); the bound tells that from the 30 s reconcile
    // loop with room for a busy machine. Speed is the propagation benchmark's to measure.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(doc.httpRoutes[0]!.name).toBe("web");
    conn.ack((await conn.config(2)).msg);
    await waitFor(async () => (await ownerA.get("/v1/meshes/pair/sync")).body.inSync, {
      what: "in sync via A",
    });
    expect((await ownerA.get("/v1/meshes/pair/clusters/east")).body.connected).toBe(true);
  });

  it("revoking through A cuts the stream held by B at once (not by the 30 s reconcile)", async () => {
    const conn = new SimConnector(b.tunnelTarget, { joinToken: await addCluster(ownerA, "pair", "revoked") });
    open.push(conn);
    await conn.welcome();
    const started = Date.now();
    await ownerA.post("/v1/meshes/pair/clusters/revoked/revoke");
    const status = await conn.status;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(status.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(conn.goodbye()?.reason).toBe("GOODBYE_REASON_REVOKED");
  });

  it("a stream on A replaces the cluster's stream on B, and the cluster stays connected", async () => {
    const onB = new SimConnector(b.tunnelTarget, { joinToken: await addCluster(ownerA, "pair", "moving") });
    open.push(onB);
    const { clusterCredential } = await onB.welcome();
    const onA = new SimConnector(a.tunnelTarget, { credential: clusterCredential });
    open.push(onA);
    await onA.welcome();
    await onB.status;
    expect(onB.goodbye()?.reason).toBe("GOODBYE_REASON_REPLACED");
    await onA.roundTrip();
    await waitFor(async () => (await ownerA.get("/v1/meshes/pair/clusters/moving")).body.connected, {
      what: "still connected",
    });
    expect(onA.ended).toBeNull();
  });
});
