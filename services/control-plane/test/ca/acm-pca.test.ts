import { X509Certificate } from "node:crypto";
import { type FakeAcmPca, fakeAcmCredentials, startFakeAcmPca } from "@trellis/ca/testing/fake-acm-pca";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { discovered, k8sService, opensslVerify, signOver } from "./support.ts";

// Meshes whose CA is an AWS Private CA: the real @aws-sdk/client-acm-pca against a local
// server speaking ACM PCA's JSON protocol that really signs (services/ca testing fake).
let acm: FakeAcmPca;
let cp: TestControlPlane;
let owner: TestClient;
const sims: SimConnector[] = [];
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

const acmSettings = (mode: "intermediate" | "leaf") => ({
  ca: { type: "aws-acm-pca", caArn: acm.caArn, region: acm.region, endpoint: acm.endpoint, mode },
});

async function meshWithWorkload(mesh: string, mode: "intermediate" | "leaf") {
  const created = await owner.post("/v1/meshes", { name: mesh, settings: acmSettings(mode) });
  expect(created.status).toBe(201);
  const cluster = await owner.post(`/v1/meshes/${mesh}/clusters`, { name: "east" });
  const sim = new SimConnector(cp.tunnelTarget, { joinToken: cluster.body.joinToken.token });
  sims.push(sim);
  await sim.welcome();
  sim.send({ discovery: { services: [k8sService("shop", "web", "web", "10.0.0.1")] } });
  await discovered(owner, mesh, 1);
  return { sim, identity: `spiffe://${created.body.trustDomain}/ns/shop/sa/web` };
}

beforeAll(async () => {
  // The control plane uses the AWS SDK's default credential chain; the fake accepts these.
  process.env.AWS_ACCESS_KEY_ID = fakeAcmCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = fakeAcmCredentials.secretAccessKey;
  acm = await startFakeAcmPca();
  cp = await startTestControlPlane();
  owner = (await signedUpClient(cp.url)).client;
});
afterAll(async () => {
  for (const s of sims) s.close();
  await cp?.stop();
  await acm?.close();
  process.env.AWS_ACCESS_KEY_ID = saved.id;
  process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
});

describe("an ACM Private CA mesh", () => {
  it("in intermediate mode: ACM signs the mesh issuer once, leaves are signed locally and verify to the ACM root", async () => {
    const { sim, identity } = await meshWithWorkload("acm-int", "intermediate");
    const ca = await owner.get("/v1/meshes/acm-int/ca");
    expect(ca.body).toMatchObject({ backend: "aws-acm-pca", mode: "local", ready: true });
    expect(ca.body.roots.map((r: { certPem: string }) => r.certPem)).toEqual([acm.rootCertPem]);
    const issuedBefore = acm.issuedCount();
    const res = await sim.config(1).then(() => signOver(sim, identity));
    expect(res.error).toBeFalsy();
    expect(opensslVerify(res.certificate!.certChainPem, acm.rootCertPem)).toContain("OK");
    expect(acm.issuedCount()).toBe(issuedBefore); // no ACM call per leaf
  });

  it("in leaf mode: ACM issues every leaf with the SPIFFE URI passed through", async () => {
    const { sim, identity } = await meshWithWorkload("acm-leaf", "leaf");
    const ca = await owner.get("/v1/meshes/acm-leaf/ca");
    expect(ca.body).toMatchObject({ backend: "aws-acm-pca", mode: "leaf" });
    const issuedBefore = acm.issuedCount();
    const res = await signOver(sim, identity);
    expect(res.error).toBeFalsy();
    expect(acm.issuedCount()).toBe(issuedBefore + 1);
    expect(new X509Certificate(res.certificate!.certChainPem[0]!).subjectAltName).toBe(`URI:${identity}`);
    expect(opensslVerify(res.certificate!.certChainPem, acm.rootCertPem)).toContain("OK");
    const registry = await owner.get("/v1/meshes/acm-leaf/certificates");
    expect(registry.body.items).toHaveLength(1);

    // AccessDenied is the mesh owner's IAM to fix: a clear, retry-later error for the workload.
    acm.failNext("IssueCertificate", "AccessDeniedException");
    const denied = await signOver(sim, identity);
    expect(denied.certificate).toBeFalsy();
    expect(denied.error!.code).toBe("unavailable");
    expect(denied.error!.message).toContain("denied IssueCertificate");
    expect(denied.error!.message).toContain("IAM policy");
    expect((await owner.get("/v1/meshes/acm-leaf/certificates")).body.items).toHaveLength(1);
  });

  it("is not created when ACM refuses us, with a message naming the permission", async () => {
    acm.failNext("GetCertificateAuthorityCertificate", "AccessDeniedException");
    const res = await owner.post("/v1/meshes", { name: "acm-denied", settings: acmSettings("intermediate") });
    expect(res.status).toBe(503);
    expect(res.body.detail).toContain("acm-pca:GetCertificateAuthorityCertificate");
    expect((await owner.get("/v1/meshes/acm-denied")).status).toBe(404);
  });
});
