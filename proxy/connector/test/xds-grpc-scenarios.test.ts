import { access, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertAgent } from "../src/cert-agent/agent.ts";
import { xdsBootstrapCommand } from "../src/cli/bootstrap-commands.ts";
import type { Connector } from "../src/index.ts";
import { unmet } from "../src/testing/data-plane-scenarios/expectations.ts";
import { runSteps } from "../src/testing/data-plane-scenarios/run-steps.ts";
import { dataPlaneScenarios } from "../src/testing/data-plane-scenarios/scenarios.ts";
import {
  route,
  type ScenarioWorld,
  type ServerName,
  serverNames,
  worldSnapshot,
} from "../src/testing/data-plane-scenarios/world.ts";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { TestCa } from "../src/testing/test-ca.ts";
import { Harness, memoryLogger } from "./harness.ts";
import { WorkloadProcess } from "./xds-workload-process.ts";

/**
 * The data-plane scenarios (src/testing/data-plane-scenarios) through real
 * @grpc/grpc-js-xds clients and xDS-enabled servers, each its own process with the
 * bootstrap `trellis-connector xds-bootstrap` writes, fed by the connector's xDS server
 * from v2 snapshots the fake control plane pushes. Certificates come from cert agents
 * (CSR → connector → control plane's CA), so every call is mTLS between SPIFFE ids.
 */

const td = "demo.trellis.test";
const v2 = "trellis.config/v2";
const id = (sa: string) => `spiffe://${td}/ns/default/sa/${sa}`;
const h = new Harness();
let cp: FakeControlPlane;
let connector: Connector;
let world: ScenarioWorld;
let version = 1;
const servers = {} as Record<ServerName, WorkloadProcess>;
let client: WorkloadProcess;
const nodes = ["frontend-1", "catalog-v1-1", "catalog-v2-1"];

/** XdsServer binds only a port given up front (no port 0): take a free one and release it. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function workload(node: string, service: string, identity: string, serve?: string) {
  const dir = await h.tempDir();
  const agent = new CertAgent(
    {
      connector: `127.0.0.1:${connector.status().addresses.proxyPort}`,
      identity,
      dir,
      nodeId: node,
      service,
      namespace: "default",
      kind: "grpc-proxyless",
      renewAtFraction: 0.5,
      logLevel: "info",
    },
    memoryLogger(),
  );
  await agent.start();
  h.defer(() => agent.stop());
  const bootstrap = join(dir, "bootstrap.json");
  await xdsBootstrapCommand([
    "--node-id",
    node,
    "--out",
    bootstrap,
    "--xds-server",
    `127.0.0.1:${connector.status().addresses.xdsPort}`,
    "--service",
    service,
    "--identity",
    identity,
    "--cert-dir",
    dir,
  ]);
  await waitFor(() => access(join(dir, "cert.pem")).then(() => true), {
    what: `${node}'s certificate`,
    timeoutMs: 30_000,
  });
  await waitFor(() => access(join(dir, "ca.pem")).then(() => true), {
    what: `${node}'s roots`,
    timeoutMs: 30_000,
  });
  // RBAC in grpc-js-xds 1.14 is behind this switch (its environment.ts); without it a listener with RBAC is refused.
  const p = new WorkloadProcess(service, { bootstrap, serve, extra: { GRPC_XDS_EXPERIMENTAL_RBAC: "true" } });
  h.defer(() => p.stop());
  return p;
}

async function push(snapshot: ReturnType<typeof worldSnapshot>): Promise<void> {
  cp.pushConfig(snapshot.version, { [v2]: snapshot });
  // Every xDS client ACKs the version: the same receipt a trellis-proxy gives.
  await waitFor(
    () =>
      nodes.every(
        (n) =>
          connector.status().proxies.find((p) => p.proxyId === n)?.appliedConfigVersion === snapshot.version,
      ),
    { what: `every xDS client at version ${snapshot.version}`, timeoutMs: 20_000 },
  );
}

beforeAll(async () => {
  const ca = await TestCa.create(td);
  cp = await FakeControlPlane.start({ joinTokens: ["jt"], signer: ca.signer() });
  h.defer(() => cp.stop());
  const file = join(await h.tempDir(), "services.yaml");
  await writeFile(file, "services: []\n");
  connector = h.connector({
    controlPlane: cp.url,
    stateDir: await h.tempDir(),
    discovery: `file:${file}`,
    joinToken: "jt",
    extra: ["--xds", "127.0.0.1:0"],
  });
  await connector.start();
  await waitFor(() => connector.status().state === "connected");
  const ports = { "catalog-v1": await freePort(), "catalog-v2": await freePort() };
  world = {
    trustDomain: td,
    trustBundle: [ca.rootPem],
    clientIdentity: id("frontend"),
    endpoints: {
      "catalog-v1": { address: "127.0.0.1", port: ports["catalog-v1"], identity: id("catalog-v1") },
      "catalog-v2": { address: "127.0.0.1", port: ports["catalog-v2"], identity: id("catalog-v2") },
    },
  };
  cp.pushConfig(1, { [v2]: worldSnapshot(world, 1) });
  for (const name of serverNames)
    servers[name] = await workload(`${name}-1`, name, id(name), `127.0.0.1:${ports[name]}`);
  client = await workload("frontend-1", "frontend", id("frontend"));
  await waitFor(() => serverNames.every((n) => servers[n].hasEvent("serving")), {
    what: "both xDS servers serving (listener, certificates)",
    timeoutMs: 90_000,
  });
}, 180_000);

afterAll(() => h.cleanup());

describe("data-plane scenarios through proxyless gRPC (grpc-js-xds) and the connector's xDS server", () => {
  for (const scenario of dataPlaneScenarios) {
    it(scenario.name, async () => {
      await push(scenario.snapshot(world, ++version));
      const failures = await runSteps(scenario, world, {
        behave: (server, behaviour) => servers[server].behave(behaviour),
        call: (count, opts) => client.call("xds:///catalog", count, opts),
      });
      expect(failures).toEqual([]);
    }, 60_000);
  }

  it("a resource the client refuses is a NACK in the report sent to the control plane; the next good snapshot clears it", async () => {
    // The same endpoint twice: the v2 schema allows it, grpc-js-xds's EDS validation does not.
    const bad = worldSnapshot(world, ++version, (s) => {
      s.clusters[0]!.endpoints.push({ ...s.clusters[0]!.endpoints[0]! });
    });
    const before = version - 1;
    cp.pushConfig(bad.version, { [v2]: bad });
    const reported = () =>
      cp
        .messages("proxyReport")
        .at(-1)
        ?.proxies.find((p) => p.proxyId === "frontend-1");
    const nack = await waitFor(() => reported()?.lastNack, {
      what: "the NACK in a ProxyReport",
      timeoutMs: 20_000,
    });
    expect(nack).toMatchObject({
      version: bad.version,
      error: expect.stringMatching(/ClusterLoadAssignment.*duplicate of another address/),
    });
    expect(reported()?.appliedConfigVersion).toBe(before);
    // The servers do not read EDS: they applied it.
    await waitFor(
      () =>
        connector.status().proxies.find((p) => p.proxyId === "catalog-v1-1")?.appliedConfigVersion ===
        bad.version,
    );

    await push(worldSnapshot(world, ++version));
    await waitFor(() => reported()?.appliedConfigVersion === version && reported()?.lastNack === null, {
      what: "the NACK cleared in the report",
    });
    const results = await client.call("xds:///catalog", 3);
    expect(unmet(results, { status: "OK" }, world)).toEqual([]);
  }, 60_000);
  it("every workload is in the proxy report as a proxyless gRPC member with its certificate (after it dialled)", () => {
    for (const n of nodes) {
      const row = connector.status().proxies.find((p) => p.proxyId === n);
      expect(row, n).toMatchObject({
        kind: "PROXY_KIND_GRPC_PROXYLESS",
        userAgent: "gRPC Node Pure JS",
        proxyVersion: "1.14.1",
      });
      expect(row?.certNotAfter, n).toBeTruthy();
      expect(row?.certRootFingerprint, n).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(connector.status().proxies.filter((p) => nodes.includes(String(p.proxyId)))).toHaveLength(3);
  });

  it("the client's load reports (LRS) reach the control plane as metric edges: per backend of the split, by route", async () => {
    // A caller of its own, so every edge of its service is a call made here.
    const storefront = await workload("storefront-1", "storefront", id("storefront"));
    const split = worldSnapshot(world, ++version, (s) => {
      s.virtualHosts[0]!.routes = [
        route(
          "catalog-split",
          {},
          {
            backends: [
              { cluster: "default/catalog-v1", weight: 5_000 },
              { cluster: "default/catalog-v2", weight: 5_000 },
            ],
          },
        ),
      ];
    });
    await push(split);
    const results: Awaited<ReturnType<WorkloadProcess["call"]>> = [];
    // An ACK is not the channel using the new routes yet: call until the split shows.
    await waitFor(
      async () => {
        results.push(...(await storefront.call("xds:///catalog", 10)));
        return results.some((r) => r.ok && r.server === "catalog-v2");
      },
      { what: "calls reaching catalog-v2 through the split", timeoutMs: 30_000 },
    );
    await servers["catalog-v2"].behave({ failWith: 13, failFirst: 3 });
    results.push(...(await storefront.call("xds:///catalog", 40)));
    await servers["catalog-v2"].behave({});
    const served = (server: string) => results.filter((r) => r.ok && r.server === server).length;
    const failed = results.filter((r) => !r.ok).length;
    const edges = () =>
      cp
        .messages("metricBatch")
        .flatMap((b) => b.edges)
        .filter((e) => e.sourceService === "storefront");
    const sum = (dst: string, f: "requests" | "successes") =>
      edges()
        .filter((e) => e.destinationService === dst)
        .reduce((n, e) => n + Number(e[f]), 0);
    await waitFor(() => sum("catalog-v1", "requests") + sum("catalog-v2", "requests") >= results.length, {
      what: `${results.length} calls in the metric batches`,
      timeoutMs: 20_000,
    });
    const seen = JSON.stringify({
      served: [served("catalog-v1"), served("catalog-v2"), failed],
      edges: edges(),
    });
    expect(failed, seen).toBe(3);
    expect(served("catalog-v1"), seen).toBeGreaterThan(0);
    expect([sum("catalog-v1", "requests"), sum("catalog-v1", "successes")], seen).toEqual([
      served("catalog-v1"),
      served("catalog-v1"),
    ]);
    expect([sum("catalog-v2", "requests"), sum("catalog-v2", "successes")], seen).toEqual([
      served("catalog-v2") + failed,
      served("catalog-v2"),
    ]);
    // Attributed to the route the client dialled (so the graph draws caller → catalog → backend);
    // gRPC reports no latency, so no histogram.
    expect(new Set(edges().map((e) => `${e.sourceNamespace}/${e.destinationNamespace}/${e.route}`))).toEqual(
      new Set(["default/default/catalog-split"]),
    );
    expect(edges().every((e) => e.latencyBuckets.length === 0)).toBe(true);
  }, 60_000);
});
