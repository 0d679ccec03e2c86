import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signedUpClient,
  startTestControlPlane,
  type TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { type CustomerPki, makeCustomerPki } from "./external-pki.ts";
import { discovered, k8sService, opensslVerify, signOver } from "./support.ts";

// Bring-your-own CA: the mesh starts without a usable CA; the customer uploads an issuing
// intermediate (+ key + root); every mistake is refused with a precise 422.
let cp: TestControlPlane;
let owner: TestClient;
let sim: SimConnector;
let pki: CustomerPki;
let identity: string;

const upload = (body: Record<string, unknown>) => owner.post("/v1/meshes/byo/ca/external", body);

beforeAll(async () => {
  pki = makeCustomerPki();
  cp = await startTestControlPlane();
  owner = (await signedUpClient(cp.url)).client;
  const mesh = await owner.post("/v1/meshes", { name: "byo", settings: { ca: { type: "external" } } });
  expect(mesh.status).toBe(201);
  identity = `spiffe://${mesh.body.trustDomain}/ns/shop/sa/web`;
  const cluster = await owner.post("/v1/meshes/byo/clusters", { name: "east" });
  sim = new SimConnector(cp.tunnelTarget, { joinToken: cluster.body.joinToken.token });
  await sim.welcome();
  sim.send({ discovery: { services: [k8sService("shop", "web", "web", "10.0.0.1")] } });
  await discovered(owner, "byo", 1);
});
afterAll(async () => {
  sim?.close();
  await cp?.stop();
});

describe("an external CA", () => {
  it("is not ready before the upload: nothing is trusted and signing says what to do", async () => {
    const ca = await owner.get("/v1/meshes/byo/ca");
    expect(ca.body).toMatchObject({ backend: "external", ready: false, roots: [], issuer: null });
    const res = await signOver(sim, identity);
    expect(res.error!.code).toBe("unavailable");
    expect(res.error!.message).toContain("/ca/external");
  });

  it.each([
    ["a key of another certificate", () => ({ keyPem: pki.notCaKeyPem }), "private key does not match"],
    [
      "a certificate that is not a CA",
      () => ({ certPem: pki.notCaPem, keyPem: pki.notCaKeyPem }),
      "is not a CA",
    ],
    ["a root that did not sign it", () => ({ rootPem: pki.otherRootPem }), "is not issued by root"],
    [
      "an issuer with 10 days left",
      () => ({ certPem: pki.shortIssuerPem, keyPem: pki.shortIssuerKeyPem }),
      "at least 30 required",
    ],
    [
      "an encrypted key",
      () => ({
        keyPem: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n-----END ENCRYPTED PRIVATE KEY-----\n",
      }),
      "encrypted",
    ],
    ["no PEM at all", () => ({ certPem: "hello" }), "certificate: expected one PEM CERTIFICATE, found 0"],
  ])("refuses %s with a precise 422", async (_name, change, detail) => {
    const res = await upload({
      certPem: pki.issuerPem,
      keyPem: pki.issuerKeyPem,
      rootPem: pki.rootPem,
      ...change(),
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("invalid");
    expect(res.body.detail).toContain(detail);
    expect((await owner.get("/v1/meshes/byo/ca")).body.ready).toBe(false);
  });

  it("refuses a missing field by name, and a viewer", async () => {
    const missing = await upload({ certPem: pki.issuerPem, rootPem: pki.rootPem });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body.errors)).toContain("/keyPem");
    const viewer = await tokenClient(owner, "viewer");
    const res = await viewer.post("/v1/meshes/byo/ca/external", {
      certPem: pki.issuerPem,
      keyPem: pki.issuerKeyPem,
      rootPem: pki.rootPem,
    });
    expect(res.status).toBe(403);
  });

  it("accepts a valid issuer: the customer's root is pushed and leaves chain to it", async () => {
    const version = (await owner.get("/v1/meshes/byo")).body.configVersion as number;
    const res = await upload({ certPem: pki.issuerPem, keyPem: pki.issuerKeyPem, rootPem: pki.rootPem });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ backend: "external", ready: true, mode: "local" });
    expect(res.body.roots.map((r: { certPem: string }) => r.certPem)).toEqual([pki.rootPem]);
    expect(JSON.stringify(res.body)).not.toContain("PRIVATE KEY");
    const { doc } = await sim.config(version + 1, 10_000);
    expect(doc.trustBundle).toEqual([pki.rootPem]);
    const leaf = await signOver(sim, identity);
    expect(leaf.error).toBeFalsy();
    expect(opensslVerify(leaf.certificate!.certChainPem, pki.rootPem)).toContain("OK");
    // A second upload is a rotation, not an overwrite.
    expect(
      (await upload({ certPem: pki.issuerPem, keyPem: pki.issuerKeyPem, rootPem: pki.rootPem })).status,
    ).toBe(409);
    const rotate = await owner.post("/v1/meshes/byo/ca/rotate", {});
    expect(rotate.status).toBe(422);
    expect(rotate.body.errors[0].pointer).toBe("/external");
  });
});
