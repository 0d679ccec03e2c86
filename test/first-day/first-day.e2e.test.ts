import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, freePort, type TestDatabase } from "@trellis/db/testing";
import { canaryRoute } from "@trellis/local/workloads";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ControlPlaneProc, startControlPlaneProcess } from "../support/processes.ts";
import { DemoMesh, freePlan, TrafficLoop } from "./demo-mesh.ts";

// Issue 10: a customer's whole first day, black-box through the SDK and real processes —
// control plane, connector, proxies and apps — on one PostgreSQL. Steps run in order.
const pglite = process.env.TRELLIS_TEST_DATABASE === "pglite";
// Generous: on 2 shared cores this file runs beside the browser tests and their own demo mesh.
const stepMs = 300_000;
const startupMs = 240_000;

async function until<T>(
  fn: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

type Json = Record<string, unknown>;

/** A probe never waits on one connection longer than this (undici's default is 300 s). */
const probe = () => ({ signal: AbortSignal.timeout(3000) });

describe.skipIf(pglite)("a customer's first day", () => {
  let db: TestDatabase;
  let cp: ControlPlaneProc;
  let cpOptions: Parameters<typeof startControlPlaneProcess>[0];
  let client: TrellisClient;
  let mesh: DemoMesh;
  let trustDomain: string;
  let loop: TrafficLoop | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    cpOptions = {
      databaseUrl: db.url!,
      port: await freePort(),
      tunnelPort: await freePort(),
      replicaId: "cp-first-day",
      dataDir: mkdtempSync(join(tmpdir(), "trellis-first-day-cp-")),
      env: { TRELLIS_KEK: Buffer.alloc(32, 7).toString("base64"), CA_WORKER_INTERVAL_MS: "500" },
    };
    cp = await startControlPlaneProcess(cpOptions);
    mesh = new DemoMesh(await freePlan(cpOptions.port, cpOptions.tunnelPort));
  }, stepMs);

  afterAll(async () => {
    await loop?.stop();
    await mesh?.stop();
    await cp?.stop();
    await db?.drop();
  }, stepMs);

  it(
    "signs up, makes an API token, a mesh with a 90/10 canary and a cluster",
    async () => {
      const session = new TrellisClient({ baseUrl: cp.apiUrl });
      await session.auth.signup({
        email: "ops@first-day.example",
        password: "a long and careful passphrase",
        orgName: "First Day",
      });
      const token = await session.tokens.create({ name: "automation", role: "admin" });
      client = new TrellisClient({ baseUrl: cp.apiUrl, token: token.token });
      const created = await client.meshes.create({ name: "shop" });
      trustDomain = created.trustDomain;
      await client.resources("shop").put("HTTPRoute", "catalog-canary", canaryRoute(10));
      const cluster = await client.clusters("shop").create("east");
      expect(cluster.joinToken.token).toMatch(/^trl_join_/);
      mesh.startConnector(cp.tunnelUrl, cluster.joinToken.token);
      await until(async () => (await client.clusters("shop").get("east")).connected, "the connector to join");
    },
    stepMs,
  );

  it(
    "gives every proxy an SVID of its own workload and the desired config",
    async () => {
      mesh.startWorkloads();
      // Ten processes start at once beside the rest of the suite: wait for all, in parallel.
      await Promise.all(
        mesh.workloads.map((w) =>
          until(
            async () => (await fetch(`http://127.0.0.1:${w.ports.admin}/ready`, probe())).ok,
            `the ${w.name} proxy to be ready`,
            startupMs,
          ),
        ),
      );
      for (const w of mesh.workloads) {
        const identity = (await (
          await fetch(`http://127.0.0.1:${w.ports.admin}/identity`, probe())
        ).json()) as Json;
        expect(identity.spiffeId ?? identity.identity).toBe(
          `spiffe://${trustDomain}/ns/default/sa/${w.serviceAccount}`,
        );
      }
      await client.waitForSync("shop", { timeoutMs: 120_000 });
      const sync = await client.sync("shop").get();
      expect(sync.proxies.length).toBe(mesh.workloads.length);
      expect(sync.proxies.every((p) => p.inSync)).toBe(true);
    },
    stepMs,
  );

  it(
    "carries traffic over mTLS: catalog sees frontend's verified SPIFFE id",
    async () => {
      const res = await until(async () => {
        const r = await mesh.call("loadgen", "frontend");
        return r.status === 200 ? r : null;
      }, "the first request through the mesh");
      const catalog = (res.body as { catalog: { caller: string; items: unknown[] } }).catalog;
      expect(catalog.caller).toBe(`spiffe://${trustDomain}/ns/default/sa/frontend`);
      expect(catalog.items).toHaveLength(4);
    },
    stepMs,
  );

  it(
    "shifts the canary to 50/50, waits for the sync receipts, and sees the split in the golden metrics",
    async () => {
      await client.resources("shop").put("HTTPRoute", "catalog-canary", canaryRoute(50));
      await client.waitForSync("shop", { timeoutMs: 120_000 });
      const before = await v1v2(client);
      for (let i = 0; i < 300; i++) expect((await mesh.call("loadgen", "frontend")).status).toBe(200);
      const after = await until(
        async () => {
          const now = await v1v2(client);
          return now.v1 + now.v2 - before.v1 - before.v2 >= 300 ? now : null;
        },
        "the 300 requests in the golden metrics",
        60_000,
      );
      const v2Share = (after.v2 - before.v2) / (after.v1 + after.v2 - before.v1 - before.v2);
      expect(v2Share).toBeGreaterThan(0.4);
      expect(v2Share).toBeLessThan(0.6);
    },
    stepMs,
  );

  it(
    "denies a caller outside an AuthorizationPolicy, and the metrics show the denial",
    async () => {
      await client.resources("shop").put("AuthorizationPolicy", "frontend-from-loadgen", {
        targetRef: { kind: "Service", name: "frontend" },
        rules: [{ from: [{ identities: [`spiffe://${trustDomain}/ns/default/sa/loadgen`] }] }],
      });
      await client.waitForSync("shop", { timeoutMs: 120_000 });
      expect((await mesh.call("loadgen", "frontend")).status).toBe(200);
      const denied = await mesh.call("catalog-v1", "frontend");
      expect(denied.status).toBe(403);
      for (let i = 0; i < 4; i++) await mesh.call("catalog-v1", "frontend");
      await until(
        async () => {
          const m = (await client.observability("shop").metrics({ service: "frontend", window: "5m" })) as {
            totals: { denied?: Record<string, number> };
          };
          return (m.totals.denied?.authz ?? 0) >= 5;
        },
        "5 authorization denials in frontend's golden metrics",
        60_000,
      );
    },
    stepMs,
  );

  it(
    "keeps traffic flowing while the control plane is down, and catches up when it returns",
    async () => {
      loop = new TrafficLoop(mesh);
      await until(async () => loop!.sent > 20, "traffic before the outage");
      await cp.stop("SIGKILL");
      const sentAtOutage = loop.sent;
      await until(async () => loop!.sent > sentAtOutage + 50, "50 requests during the outage", 60_000);
      cp = await startControlPlaneProcess(cpOptions);
      await until(
        async () => (await client.clusters("shop").get("east")).connected,
        "the connector to reconnect",
      );
      await client.resources("shop").put("RetryPolicy", "catalog-retries", {
        targetRef: { kind: "Service", name: "catalog" },
        attempts: 2,
      });
      await client.waitForSync("shop", { timeoutMs: 120_000 });
      expect(loop.failures).toEqual([]);
    },
    stepMs,
  );

  it(
    "rotates the CA with traffic running and not one failed request",
    async () => {
      const ca = client.ca("shop");
      const before = (await ca.get()) as { roots: { fingerprint: string }[] };
      await ca.rotate();
      const done = await until(
        async () => {
          const now = (await ca.get()) as {
            rotation: { phase: string } | null;
            roots: { fingerprint: string }[];
          };
          return now.rotation === null || now.rotation.phase === "complete" ? now : null;
        },
        "the rotation to complete",
        150_000,
      );
      expect(done.roots).toHaveLength(1);
      expect(done.roots[0]!.fingerprint).not.toBe(before.roots[0]!.fingerprint);
      const sentAfter = loop!.sent;
      await until(async () => loop!.sent > sentAfter + 20, "traffic on the new certificates");
      await loop!.stop();
      expect(loop!.failures).toEqual([]);
      expect(mesh.unexpectedExits).toEqual([]);
    },
    stepMs,
  );
});

async function v1v2(client: TrellisClient) {
  const one = async (service: string) =>
    (
      (await client.observability("shop").metrics({ service, window: "5m" })) as {
        totals: { requests: number };
      }
    ).totals.requests;
  return { v1: await one("catalog-v1"), v2: await one("catalog-v2") };
}
