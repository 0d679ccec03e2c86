import * as grpc from "@grpc/grpc-js";
import type { Clock } from "@trellis/core/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { waitFor } from "../wait-for.ts";
import { addCluster } from "./setup.ts";

// Join-token exchange, credential reuse and revocation, against a real control plane.
let now = Date.now();
const clock: Clock = { now: () => new Date(now) };
let cp: TestControlPlane;
let owner: TestClient;
const open: SimConnector[] = [];
const connect = (...args: ConstructorParameters<typeof SimConnector>) => {
  const c = new SimConnector(...args);
  open.push(c);
  return c;
};

beforeAll(async () => {
  cp = await startTestControlPlane({ clock });
  owner = (await signedUpClient(cp.url)).client;
});
afterAll(async () => {
  for (const c of open) c.close();
  await cp.stop();
});

describe("tunnel authentication", () => {
  it("exchanges a join token for a cluster credential, shown once in Welcome", async () => {
    const token = await addCluster(owner, "auth", "east");
    const conn = connect(cp.tunnelTarget, { joinToken: token });
    const welcome = await conn.welcome();
    expect(welcome).toMatchObject({ clusterName: "east", meshName: "auth" });
    expect(welcome.clusterCredential).toMatch(/^trl_cc_/);
    expect(welcome.trustDomain).toContain("auth.");
    const cluster = (await owner.get("/v1/meshes/auth/clusters/east")).body;
    expect(cluster).toMatchObject({ connected: true, connectorVersion: "0.0.0-sim", revokedAt: null });
    expect(cluster.credentialIssuedAt).not.toBeNull();

    conn.close();
    const again = connect(cp.tunnelTarget, { credential: welcome.clusterCredential });
    const second = await again.welcome();
    expect(second.clusterId).toBe(welcome.clusterId);
    expect(second.clusterCredential).toBe("");
  });

  it("refuses a used join token, saying so", async () => {
    const token = await addCluster(owner, "auth", "used");
    const first = connect(cp.tunnelTarget, { joinToken: token });
    await first.welcome();
    const second = connect(cp.tunnelTarget, { joinToken: token });
    const status = await second.status;
    expect(status.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(status.details).toMatch(/already used/);
  });

  it("refuses an expired join token, saying so", async () => {
    const token = await addCluster(owner, "auth", "late");
    now += 25 * 3_600_000;
    try {
      const status = await connect(cp.tunnelTarget, { joinToken: token }).status;
      expect(status.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(status.details).toMatch(/expired/);
    } finally {
      now -= 25 * 3_600_000;
    }
  });

  it("refuses an unknown join token, a bad credential and no credentials", async () => {
    const unknown = await connect(cp.tunnelTarget, { joinToken: "trl_join_nope" }).status;
    expect(unknown.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(unknown.details).toMatch(/unknown join token/);
    const bad = await connect(cp.tunnelTarget, { credential: "trl_cc_nope" }).status;
    expect(bad.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(bad.details).toMatch(/unknown or revoked/);
    const none = await connect(cp.tunnelTarget, {}).status;
    expect(none.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it("revoking a cluster cuts its live stream at once (not by the 30 s reconcile) and refuses its credential", async () => {
    const token = await addCluster(owner, "auth", "revoked");
    const conn = connect(cp.tunnelTarget, { joinToken: token });
    const { clusterCredential } = await conn.welcome();
    const started = Date.now();
    expect((await owner.post("/v1/meshes/auth/clusters/revoked/revoke")).status).toBe(200);
    const status = await conn.status;
    // Well under a second when idle; the bound tells the change feed from the 30 s reconcile.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(status.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(conn.goodbye()?.reason).toBe("GOODBYE_REASON_REVOKED");
    const retry = await connect(cp.tunnelTarget, { credential: clusterCredential }).status;
    expect(retry.code).toBe(grpc.status.UNAUTHENTICATED);
    await waitFor(
      async () => (await owner.get("/v1/meshes/auth/clusters/revoked")).body.connected === false,
      {
        what: "the cluster to show disconnected",
      },
    );
  });

  it("a new join token re-admits a revoked cluster", async () => {
    const res = await owner.post("/v1/meshes/auth/clusters/revoked/join-token");
    const conn = connect(cp.tunnelTarget, { joinToken: res.body.token });
    expect((await conn.welcome()).clusterCredential).toMatch(/^trl_cc_/);
    expect((await owner.get("/v1/meshes/auth/clusters/revoked")).body.revokedAt).toBeNull();
  });

  it("deleting a cluster cuts its stream", async () => {
    const token = await addCluster(owner, "auth", "deleted");
    const conn = connect(cp.tunnelTarget, { joinToken: token });
    await conn.welcome();
    expect((await owner.delete("/v1/meshes/auth/clusters/deleted")).status).toBe(204);
    expect((await conn.status).code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it("a second stream for the same cluster replaces the first", async () => {
    const token = await addCluster(owner, "auth", "twice");
    const first = connect(cp.tunnelTarget, { joinToken: token });
    const { clusterCredential } = await first.welcome();
    const second = connect(cp.tunnelTarget, { credential: clusterCredential });
    await second.welcome();
    await first.status;
    expect(first.goodbye()?.reason).toBe("GOODBYE_REASON_REPLACED");
    await second.roundTrip();
    expect(second.ended).toBeNull();
    expect((await owner.get("/v1/meshes/auth/clusters/twice")).body.connected).toBe(true);
  });

  it("refuses a stream whose first message is not Hello", async () => {
    const token = await addCluster(owner, "auth", "rude");
    const conn = connect(cp.tunnelTarget, { joinToken: token }, null);
    conn.send({ heartbeat: { seq: 1 } });
    expect((await conn.status).code).toBe(grpc.status.FAILED_PRECONDITION);
  });
});
