import { X509Certificate } from "node:crypto";
import { makeWorkloadCsr } from "@trellis/ca/testing/csr";
import { dropMeshCa } from "@trellis/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signedUpClient,
  startTestControlPlane,
  type TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { addCluster } from "../tunnel/setup.ts";
import { discovered, k8sService, opensslVerify, signOver, verifiesUnder, vmService } from "./support.ts";

// The tunnel's sign path against a real control plane: CA made with the mesh, identities
// only for workloads the requesting cluster discovered, every issued leaf in the registry.
let cp: TestControlPlane;
let owner: TestClient;
let east: SimConnector;
let west: SimConnector;
let td: string;
let otherTd: string;
const id = (ns: string, sa: string) => `spiffe://${td}/ns/${ns}/sa/${sa}`;

beforeAll(async () => {
  cp = await startTestControlPlane();
  owner = (await signedUpClient(cp.url)).client;
  east = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "prod", "east") });
  west = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "prod", "west") });
  await Promise.all([east.welcome(), west.welcome()]);
  east.send({
    discovery: {
      services: [k8sService("shop", "web", "web", "10.0.0.1"), vmService("billing", "ledger", "ledger-vm-1")],
    },
  });
  west.send({ discovery: { services: [k8sService("data", "db", "postgres", "10.1.0.1")] } });
  await discovered(owner, "prod", 3);
  td = (await owner.get("/v1/meshes/prod")).body.trustDomain;
  otherTd = (await owner.post("/v1/meshes", { name: "staging" })).body.trustDomain;
});
afterAll(async () => {
  east?.close();
  west?.close();
  await cp?.stop();
});

describe("a new mesh's CA", () => {
  it("is builtin, and its root (the one in the snapshots) verifies the leaves it issues", async () => {
    const ca = await owner.get("/v1/meshes/prod/ca");
    expect(ca.status).toBe(200);
    expect(ca.body).toMatchObject({ backend: "builtin", mode: "local", ready: true, rotation: null });
    expect(ca.body.roots).toHaveLength(1);
    expect(ca.body.issuer.expiringSoon).toBe(false);
    const rootPem = ca.body.roots[0].certPem as string;
    expect(JSON.stringify(ca.body)).not.toContain("PRIVATE KEY");

    const res = await signOver(east, id("shop", "web"));
    expect(res.error).toBeFalsy();
    const chain = res.certificate!.certChainPem;
    expect(res.certificate!.trustBundlePem).toEqual([rootPem]);
    expect(opensslVerify(chain, rootPem)).toContain("OK");
    const leaf = new X509Certificate(chain[0]!);
    expect(leaf.subjectAltName).toBe(`URI:${id("shop", "web")}`);
    // MeshSettings default lifetime: 24 h (+ the 60 s back-dating).
    const lifetimeMs = new Date(leaf.validTo).getTime() - new Date(leaf.validFrom).getTime();
    expect(lifetimeMs).toBe(24 * 3_600_000 + 60_000);

    const { doc } = await east.config(1);
    expect(doc.trustBundle).toEqual([rootPem]);
  });

  it("signs a VM identity the cluster discovered", async () => {
    const res = await signOver(east, `spiffe://${td}/vm/ledger-vm-1`);
    expect(res.error).toBeFalsy();
    expect(new X509Certificate(res.certificate!.certChainPem[0]!).subjectAltName).toBe(
      `URI:spiffe://${td}/vm/ledger-vm-1`,
    );
  });

  it("gives each mesh its own root: a leaf of one does not verify under the other", async () => {
    const staging = await owner.get("/v1/meshes/staging/ca");
    const res = await signOver(east, id("shop", "web"));
    expect(verifiesUnder(res.certificate!.certChainPem, staging.body.roots[0].certPem)).toBe(false);
  });
});

describe("a mesh made before the CA existed", () => {
  it("gets the CA its settings ask for on first use", async () => {
    const legacy = await owner.post("/v1/meshes", { name: "legacy" });
    await dropMeshCa(cp.cp.ctx, legacy.body.id);
    const ca = await owner.get("/v1/meshes/legacy/ca");
    expect(ca.status).toBe(200);
    expect(ca.body).toMatchObject({ backend: "builtin", ready: true });
    expect(ca.body.roots).toHaveLength(1);
  });
});

describe("signing is refused", () => {
  it("for an identity another cluster discovered", async () => {
    const res = await signOver(east, id("data", "postgres"));
    expect(res.certificate).toBeFalsy();
    expect(res.error).toMatchObject({ code: "forbidden" });
    expect(res.error!.message).toContain("cluster east has not discovered");
    // …while its own cluster gets it.
    expect((await signOver(west, id("data", "postgres"))).error).toBeFalsy();
  });

  it("for another mesh's trust domain", async () => {
    const res = await signOver(east, `spiffe://${otherTd}/ns/shop/sa/web`);
    expect(res.error).toMatchObject({ code: "forbidden" });
    expect(res.error!.message).toContain(`not mesh prod's "${td}"`);
  });

  it("for a service account or VM nobody discovered, and for a connector identity", async () => {
    for (const identity of [
      id("shop", "admin"),
      id("other", "web"),
      `spiffe://${td}/vm/unknown-vm`,
      `spiffe://${td}/cluster/clu_x/connector`,
      "spiffe://evil.example/ns/shop/sa/web",
    ]) {
      const res = await signOver(east, identity);
      expect(res.error?.code, identity).toBe("forbidden");
    }
  });

  it("for a CSR that asks for another identity, or is not a CSR", async () => {
    const other = makeWorkloadCsr({ identity: id("data", "postgres") }).csrPem;
    const mismatch = await signOver(east, id("shop", "web"), { csrPem: other });
    expect(mismatch.error).toMatchObject({ code: "forbidden" });
    expect(mismatch.error!.message).toContain("CSR asks for");
    const garbage = await signOver(east, id("shop", "web"), { csrPem: "not a csr" });
    expect(garbage.error?.code).toBe("invalid");
  });
});

describe("the certificate registry", () => {
  it("lists what was issued, newest first, filtered by cluster and identity, page by page", async () => {
    const a = await signOver(east, id("shop", "web"), { proxyId: "prx_reg_a" });
    const b = await signOver(west, id("data", "postgres"), { proxyId: "prx_reg_b" });
    const serialOf = (r: typeof a) =>
      new X509Certificate(r.certificate!.certChainPem[0]!).serialNumber.toLowerCase();
    const all = await owner.get("/v1/meshes/prod/certificates?limit=200");
    expect(all.status).toBe(200);
    const serials = (all.body.items as { serial: string }[]).map((c) => c.serial.replace(/^0+/, ""));
    expect(serials).toContain(serialOf(a).replace(/^0+/, ""));
    expect(all.body.items[0]).toMatchObject({
      cluster: "west",
      proxyId: "prx_reg_b",
      identity: id("data", "postgres"),
    });
    expect(serials[0]).toBe(serialOf(b).replace(/^0+/, ""));
    expect(JSON.stringify(all.body)).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);

    const westOnly = await owner.get("/v1/meshes/prod/certificates?cluster=west");
    expect((westOnly.body.items as { cluster: string }[]).every((c) => c.cluster === "west")).toBe(true);
    const vm = await owner.get(
      `/v1/meshes/prod/certificates?identity=${encodeURIComponent(`spiffe://${td}/vm/ledger-vm-1`)}`,
    );
    expect(vm.body.items).toHaveLength(1);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { serial: string }[]; nextCursor: string | null } } = await owner.get(
        `/v1/meshes/prod/certificates?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...page.body.items.map((c) => c.serial));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual((all.body.items as { serial: string }[]).map((c) => c.serial));
    expect((await owner.get("/v1/meshes/prod/certificates?cursor=bm9wZQ")).status).toBe(422);
  });

  it("is another org's 404, and a viewer may read it but not rotate the CA", async () => {
    const outsider = (await signedUpClient(cp.url, "Other")).client;
    expect((await outsider.get("/v1/meshes/prod/certificates")).status).toBe(404);
    expect((await outsider.get("/v1/meshes/prod/ca")).status).toBe(404);
    expect((await outsider.post("/v1/meshes/prod/ca/rotate", {})).status).toBe(404);
    const viewer = await tokenClient(owner, "viewer");
    expect((await viewer.get("/v1/meshes/prod/certificates")).status).toBe(200);
    const rotate = await viewer.post("/v1/meshes/prod/ca/rotate", {});
    expect(rotate.status).toBe(403);
    expect(rotate.body.detail).toContain("ca.write");
    expect((await viewer.post("/v1/meshes/prod/ca/renew-issuer")).status).toBe(403);
  });
});

describe("the per-cluster issuance limit", () => {
  it("refuses past the burst with rate_limited and when to retry, per cluster", async () => {
    const limited = await startTestControlPlane({
      env: { CA_ISSUE_RATE_PER_SECOND: "0.5", CA_ISSUE_BURST: "2" },
    });
    try {
      const o = (await signedUpClient(limited.url)).client;
      const a = new SimConnector(limited.tunnelTarget, { joinToken: await addCluster(o, "rl", "a") });
      const b = new SimConnector(limited.tunnelTarget, { joinToken: await addCluster(o, "rl", "b") });
      try {
        await Promise.all([a.welcome(), b.welcome()]);
        a.send({ discovery: { services: [k8sService("shop", "web", "web", "10.0.0.1")] } });
        b.send({ discovery: { services: [k8sService("shop", "cart", "cart", "10.0.0.2")] } });
        await discovered(o, "rl", 2);
        const tdRl = (await o.get("/v1/meshes/rl")).body.trustDomain;
        const web = `spiffe://${tdRl}/ns/shop/sa/web`;
        expect((await signOver(a, web)).error).toBeFalsy();
        expect((await signOver(a, web)).error).toBeFalsy();
        const third = await signOver(a, web);
        expect(third.error).toMatchObject({ code: "rate_limited" });
        expect(third.error!.message).toContain("limited to 0.5/s (burst 2)");
        expect(Number(third.error!.retryAfter!.seconds)).toBeGreaterThanOrEqual(1);
        // Another cluster has its own bucket.
        expect((await signOver(b, `spiffe://${tdRl}/ns/shop/sa/cart`)).error).toBeFalsy();
      } finally {
        a.close();
        b.close();
      }
    } finally {
      await limited.stop();
    }
  });
});
