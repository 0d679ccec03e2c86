import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signedUpClient, TestClient } from "@trellis/control-plane/testing";
import { createTestDatabase, freePort, type TestDatabase } from "@trellis/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConnectorProc,
  type ControlPlaneProc,
  startConnectorProcess,
  startControlPlaneProcess,
} from "../support/processes.ts";
import { waitFor } from "../support/wait-for.ts";

// Issue 14 item 4: two real control-plane processes on one PostgreSQL and one real
// connector given both tunnel addresses. A change through replica B reaches the connector
// homed on replica A (LISTEN/NOTIFY across replicas); after `kill -9` of replica A the
// connector re-homes to B, and a write made through B during the kill is ACKed (its
// version shows as applied in /sync) — no ACK is lost to the failover.
const pglite = process.env.TRELLIS_TEST_DATABASE === "pglite";
const caseMs = 120_000;
// A generous bound for two shared cores: the failover itself is one reconnect (≤ 250 ms
// of jitter after a healthy stream) plus the Hello/Welcome round trip.
const rehomeBoundMs = 10_000;

const route = (backend: string) => ({
  spec: {
    parentRefs: [{ name: "web", namespace: "shop" }],
    rules: [{ backendRefs: [{ name: backend, namespace: "shop" }] }],
  },
});

describe.skipIf(pglite)("two control-plane replicas: fan-out across them and failover on kill -9", () => {
  let db: TestDatabase;
  let dir: string;
  let a: ControlPlaneProc;
  let b: ControlPlaneProc;
  let connector: ConnectorProc;
  let viaB: TestClient;

  const startReplica = async (replicaId: string) =>
    startControlPlaneProcess({
      databaseUrl: db.url!,
      port: await freePort(),
      tunnelPort: await freePort(),
      replicaId,
      dataDir: join(dir, replicaId),
    });
  const meshVersion = async () => (await viaB.get("/v1/meshes/replicas")).body.configVersion as number;
  const applied = (version: number, from = 0) =>
    connector.waitForLog(
      (l) => l.msg === "config snapshot applied" && l.version === version,
      `snapshot ${version} applied`,
      60_000,
      from,
    );
  /** The cluster's row in /sync (read through B) once it shows `version` ACKed. */
  const ackedInSync = (version: number) =>
    waitFor(
      async () => {
        const s = (await viaB.get("/v1/meshes/replicas/sync")).body;
        const cluster = s.clusters?.[0];
        return s.inSync && cluster?.appliedVersion === version ? cluster : null;
      },
      { timeoutMs: 60_000, what: `version ${version} ACKed in /sync` },
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), "trellis-replicas-"));
    const discoveryFile = join(dir, "services.yaml");
    writeFileSync(
      discoveryFile,
      "services:\n  - name: web\n    namespace: shop\n    ports: [{ port: 8080, protocol: http }]\n    endpoints:\n      - { address: 10.0.0.7, port: 4143, serviceAccount: web }\n",
    );
    [a, b] = await Promise.all([startReplica("replica-a"), startReplica("replica-b")]);
    const owner = (await signedUpClient(a.apiUrl)).client;
    // Sessions live in PostgreSQL: the same cookie works on replica B.
    viaB = new TestClient(b.apiUrl);
    viaB.cookie = owner.cookie;
    viaB.csrf = owner.csrf;
    expect((await owner.post("/v1/meshes", { name: "replicas" })).status).toBe(201);
    const cluster = await owner.post("/v1/meshes/replicas/clusters", { name: "east" });
    // Both replicas, A first: the connector homes on A.
    connector = await startConnectorProcess({
      tunnelUrl: `${a.tunnelUrl},${b.tunnelUrl}`,
      stateDir: join(dir, "state"),
      discoveryFile,
      joinToken: cluster.body.joinToken.token,
    });
    const connected = await connector.waitForLog((l) => l.msg === "tunnel connected", "tunnel connected");
    expect(connected.controlPlane).toBe(a.tunnelUrl);
  }, caseMs);

  afterAll(async () => {
    await connector?.stop("SIGKILL");
    await a?.stop("SIGKILL");
    await b?.stop("SIGKILL");
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, caseMs);

  it(
    "a change written through replica B reaches the connector homed on replica A",
    async () => {
      const mark = connector.mark();
      expect((await viaB.put("/v1/meshes/replicas/resources/HTTPRoute/web", route("web"))).status).toBe(201);
      const version = await meshVersion();
      await applied(version, mark);
      expect((await ackedInSync(version)).connected).toBe(true);
      // Still homed on A: the change crossed replicas, the connector did not move.
      expect(connector.logs.filter((l) => l.msg === "tunnel connected")).toHaveLength(1);
    },
    caseMs,
  );

  it(
    "kill -9 replica A: the connector re-homes to B, and a write through B during the kill is ACKed",
    async () => {
      const mark = connector.mark();
      const killedAt = Date.now();
      await a.stop("SIGKILL");
      // Written while the connector is between replicas (or just arriving on B).
      expect((await viaB.put("/v1/meshes/replicas/resources/HTTPRoute/canary", route("web"))).status).toBe(
        201,
      );
      const version = await meshVersion();
      const rehomed = await connector.waitForLog(
        (l) => l.msg === "tunnel connected" && l.controlPlane === b.tunnelUrl,
        "a reconnect to replica B",
        60_000,
        mark,
      );
      const rehomeMs = Date.now() - killedAt;
      console.log(`[replicas] kill -9 of replica A → connector welcomed on replica B in ${rehomeMs} ms`);
      expect(rehomed).toBeTruthy();
      expect(rehomeMs).toBeLessThan(rehomeBoundMs);
      await applied(version, mark);
      const cluster = await ackedInSync(version);
      expect(cluster).toMatchObject({ cluster: "east", connected: true, appliedVersion: version });
      // A later change through B is ACKed too: the re-homed stream is a full tunnel.
      expect((await viaB.put("/v1/meshes/replicas/resources/HTTPRoute/after", route("web"))).status).toBe(
        201,
      );
      const after = await meshVersion();
      await applied(after, mark);
      await ackedInSync(after);
    },
    caseMs,
  );
});
