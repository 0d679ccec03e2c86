import { X509Certificate } from "node:crypto";
import { fingerprintOfPem } from "@trellis/ca";
import type { ProxyStatus__Input } from "@trellis/protocol/tunnel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { addCluster } from "../tunnel/setup.ts";
import { waitFor } from "../wait-for.ts";
import { discovered, k8sService, signOver, verifiesUnder } from "./support.ts";

// A rotation driven by one API call and the worker role (on a short interval), with two
// simulated connectors that ACK snapshots and report their proxies as real ones would.
let cp: TestControlPlane;
let owner: TestClient;
let east: SimConnector;
let west: SimConnector;
let td: string;

const rootOfLeaf = (chain: string[], roots: string[]) => roots.find((r) => verifiesUnder(chain, r));

/**
 * What a connector reports: its proxies, the config they applied and their leaf's root.
 * East also serves a proxyless gRPC client without a certificate (no cert agent): nothing
 * to re-issue, so it must not hold the rotation.
 */
function report(
  sim: SimConnector,
  proxies: { id: string; ns: string; sa: string }[],
  applied: number,
  root: string,
) {
  const plainGrpc: ProxyStatus__Input = {
    proxyId: "plain-grpc-1",
    service: "web",
    namespace: "shop",
    kind: "PROXY_KIND_GRPC_PROXYLESS",
    userAgent: "gRPC Node Pure JS",
    proxyVersion: "1.14.1",
    appliedConfigVersion: applied,
    health: "PROXY_HEALTH_READY",
  };
  sim.send({
    proxyReport: {
      proxies: [
        ...(sim === east ? [plainGrpc] : []),
        ...proxies.map(
          (p): ProxyStatus__Input => ({
            proxyId: p.id,
            service: p.sa,
            namespace: p.ns,
            workload: `${p.sa}-0`,
            identity: `spiffe://${td}/ns/${p.ns}/sa/${p.sa}`,
            proxyVersion: "0.1.0",
            appliedConfigVersion: applied,
            health: "PROXY_HEALTH_READY",
            certRootFingerprint: root,
          }),
        ),
      ],
    },
  });
}

const eastProxies = [{ id: "prx_e1", ns: "shop", sa: "web" }];
const westProxies = [
  { id: "prx_w1", ns: "data", sa: "db" },
  { id: "prx_w2", ns: "data", sa: "db" },
];

/** ACKs the newest snapshot of at least `version` and returns it. */
async function ackConfig(sim: SimConnector, version: number) {
  const { msg, doc } = await sim.config(version, 10_000);
  const newest = sim.configs().reduce((a, b) => (b.version > a.version ? b : a));
  sim.ack(newest);
  return {
    version: Number(newest.version),
    doc: newest === msg ? doc : (await sim.config(Number(newest.version))).doc,
  };
}

beforeAll(async () => {
  cp = await startTestControlPlane({ env: { CA_WORKER_INTERVAL_MS: "100" } });
  owner = (await signedUpClient(cp.url)).client;
  east = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "rot", "east") });
  west = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "rot", "west") });
  await Promise.all([east.welcome(), west.welcome()]);
  east.send({ discovery: { services: [k8sService("shop", "web", "web", "10.0.0.1")] } });
  west.send({ discovery: { services: [k8sService("data", "db", "db", "10.1.0.1", "10.1.0.2")] } });
  await discovered(owner, "rot", 2);
  td = (await owner.get("/v1/meshes/rot")).body.trustDomain;
});
afterAll(async () => {
  east?.close();
  west?.close();
  await cp?.stop();
});

describe("a CA rotation", () => {
  it("pushes both roots, re-issues from the new root, then drops the old root — and shows its progress", async () => {
    const before = await owner.get("/v1/meshes/rot/ca");
    const oldRoot = before.body.roots[0].certPem as string;
    const oldFp = fingerprintOfPem(oldRoot);
    const mesh = await owner.get("/v1/meshes/rot");
    for (const sim of [east, west]) await ackConfig(sim, mesh.body.configVersion);
    report(east, eastProxies, mesh.body.configVersion, oldFp);
    report(west, westProxies, mesh.body.configVersion, oldFp);

    // 1. One call starts it: the new root joins the bundle, the config version is bumped.
    const started = await owner.post("/v1/meshes/rot/ca/rotate", {});
    expect(started.status).toBe(202);
    expect(started.body.rotation).toMatchObject({ phase: "pushing-bundle", oldRootFingerprint: oldFp });
    const newFp = started.body.rotation.newRootFingerprint as string;
    expect(newFp).not.toBe(oldFp);
    const bundleVersion = started.body.rotation.bundleVersion as number;
    expect(bundleVersion).toBeGreaterThan(mesh.body.configVersion);
    expect(started.body.roots).toHaveLength(2);
    const newRoot = (started.body.roots as { fingerprint: string; certPem: string }[]).find(
      (r) => r.fingerprint === newFp,
    )!.certPem;
    expect((await owner.post("/v1/meshes/rot/ca/rotate", {})).status).toBe(409);

    // Until every cluster holds both roots, leaves still come from the old issuer.
    const { doc } = await east.config(bundleVersion, 10_000);
    expect([...doc.trustBundle].sort()).toEqual([oldRoot, newRoot].sort());
    const held = await signOver(east, `spiffe://${td}/ns/shop/sa/web`);
    expect(rootOfLeaf(held.certificate!.certChainPem, [oldRoot, newRoot])).toBe(oldRoot);
    expect(held.certificate!.trustBundlePem).toHaveLength(2);

    // 2. East ACKs; west has not: still pushing, progress says so.
    await ackConfig(east, bundleVersion);
    report(east, eastProxies, bundleVersion, oldFp);
    const partial = await waitFor(async () => {
      const r = (await owner.get("/v1/meshes/rot/ca")).body;
      const p = r.rotation.progress;
      return p.clusters.withBundle === 1 && p.proxies.withBundle === 1 ? r : null;
    });
    expect(partial.rotation).toMatchObject({
      phase: "pushing-bundle",
      progress: { clusters: { total: 2, withBundle: 1 }, proxies: { total: 3, withBundle: 1, onNewRoot: 0 } },
    });

    // 3. West ACKs and its proxies apply it: the worker moves on and tells connectors to renew.
    await ackConfig(west, bundleVersion);
    report(west, westProxies, bundleVersion, oldFp);
    await waitFor(async () => (await owner.get("/v1/meshes/rot/ca")).body.rotation.phase === "reissuing", {
      timeoutMs: 10_000,
      what: "phase reissuing",
    });
    for (const sim of [east, west]) {
      await waitFor(() => sim.received.some((m) => m.command?.rotateCertificates), {
        timeoutMs: 10_000,
        what: "Command{rotateCertificates}",
      });
    }
    const fresh = await signOver(west, `spiffe://${td}/ns/data/sa/db`);
    expect(rootOfLeaf(fresh.certificate!.certChainPem, [oldRoot, newRoot])).toBe(newRoot);
    expect(verifiesUnder(fresh.certificate!.certChainPem, oldRoot)).toBe(false);
    expect(new X509Certificate(fresh.certificate!.certChainPem[0]!).subjectAltName).toContain(
      "/ns/data/sa/db",
    );

    // 4. Proxies report leaves from the new root, one cluster at a time.
    report(west, westProxies, bundleVersion, newFp);
    await waitFor(
      async () => (await owner.get("/v1/meshes/rot/ca")).body.rotation.progress.proxies.onNewRoot === 2,
    );
    expect((await owner.get("/v1/meshes/rot/ca")).body.rotation.phase).toBe("reissuing");
    report(east, eastProxies, bundleVersion, newFp);
    const done = await waitFor(
      async () => {
        const r = (await owner.get("/v1/meshes/rot/ca")).body;
        return r.rotation.phase === "complete" ? r : null;
      },
      { timeoutMs: 10_000, what: "phase complete" },
    );

    // 5. The bundle ends with only the new root, pushed as a new config version.
    expect(done.roots).toHaveLength(1);
    expect(done.roots[0]).toMatchObject({ fingerprint: newFp, active: true });
    expect(done.rotation.finishedAt).not.toBeNull();
    const finalVersion = (await owner.get("/v1/meshes/rot")).body.configVersion as number;
    expect(finalVersion).toBeGreaterThan(bundleVersion);
    const last = await east.config(finalVersion, 10_000);
    expect(last.doc.trustBundle).toEqual([newRoot]);
    const after = await signOver(east, `spiffe://${td}/ns/shop/sa/web`);
    expect(after.certificate!.trustBundlePem).toEqual([newRoot]);
    expect(verifiesUnder(after.certificate!.certChainPem, newRoot)).toBe(true);

    const audit = await owner.get("/v1/audit");
    expect(JSON.stringify(audit.body)).toContain("ca.rotate");
  });

  it("renews the issuer under the same root without touching the bundle", async () => {
    const before = (await owner.get("/v1/meshes/rot/ca")).body;
    const version = (await owner.get("/v1/meshes/rot")).body.configVersion;
    const web = `spiffe://${td}/ns/shop/sa/web`;
    const oldIssuer = (await signOver(east, web)).certificate!.certChainPem[1]!;
    const renewed = await owner.post("/v1/meshes/rot/ca/renew-issuer");
    expect(renewed.status).toBe(200);
    expect(renewed.body.roots).toEqual(before.roots);
    expect((await owner.get("/v1/meshes/rot")).body.configVersion).toBe(version);
    const leaf = await signOver(east, web);
    const newIssuer = leaf.certificate!.certChainPem[1]!;
    expect(newIssuer).not.toBe(oldIssuer);
    expect(new Date(new X509Certificate(newIssuer).validTo).toISOString()).toBe(renewed.body.issuer.notAfter);
    expect(verifiesUnder(leaf.certificate!.certChainPem, before.roots[0].certPem)).toBe(true);
  });
});
