import { randomBytes, X509Certificate } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createAcmPcaCa,
  createBuiltinCa,
  createExternalCa,
  isCaError,
  loadCa,
  renewIssuer,
  startRotation,
} from "../src/index.ts";
import { makeWorkloadCsr } from "../src/testing/csr.ts";
import { type FakeAcmPca, fakeAcmCredentials, startFakeAcmPca } from "../src/testing/fake-acm-pca.ts";
import { allowAll } from "./helpers/csr.ts";
import { makeTestCa } from "./helpers/external-ca.ts";
import { opensslVerify } from "./helpers/openssl.ts";

const kek = randomBytes(32);
const trustDomain = "renew.trellis.test";
const identity = `spiffe://${trustDomain}/ns/shop/sa/cart`;
const dayMs = 86_400_000;

describe("issuer renewal and issuer expiry", () => {
  let fake: FakeAcmPca;
  beforeEach(async () => {
    fake = await startFakeAcmPca();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("a leaf never outlives its issuer", async () => {
    const ca = loadCa(createBuiltinCa({ trustDomain, kek, issuerValidityDays: 1 }), kek);
    const issued = await ca.issue({
      ...makeWorkloadCsr(),
      identity,
      ttlSeconds: 7 * 86_400,
      allowIdentity: allowAll,
    });
    expect(issued.notAfter.getTime()).toBeLessThanOrEqual(ca.issuerInfo().notAfter.getTime());
    expect(issued.notAfter.getTime() - Date.now()).toBeLessThan(1.01 * dayMs);
  });

  it("an expired issuer refuses to sign, clearly", async () => {
    const past = new Date(Date.now() - 3 * dayMs);
    const ca = loadCa(createBuiltinCa({ trustDomain, kek, issuerValidityDays: 1, now: past }), kek);
    await expect(
      ca.issue({ ...makeWorkloadCsr(), identity, ttlSeconds: 3600, allowIdentity: allowAll }),
    ).rejects.toThrow(/the issuing CA expired at/);
  });

  it("builtin: a new issuer under the same root; old and new leaves both verify", async () => {
    const state = createBuiltinCa({ trustDomain, kek, issuerValidityDays: 40 });
    const before = loadCa(state, kek);
    const renewed = await renewIssuer(state, kek);
    const after = loadCa(renewed, kek);
    expect(after.trustBundle()).toEqual(before.trustBundle());
    expect(after.issuerInfo().issuerCertPem).not.toBe(before.issuerInfo().issuerCertPem);
    expect(after.issuerInfo().notAfter.getTime() - Date.now()).toBeGreaterThan(360 * dayMs);
    for (const ca of [before, after]) {
      const issued = await ca.issue({
        ...makeWorkloadCsr(),
        identity,
        ttlSeconds: 3600,
        allowIdentity: allowAll,
      });
      const verified = await opensslVerify({
        roots: after.trustBundle(),
        intermediates: issued.chainPem.slice(1),
        leaf: issued.certPem,
      });
      expect(verified.ok, verified.output).toBe(true);
    }
  });

  it("ACM PCA intermediate mode: ACM signs a fresh issuer", async () => {
    const acmPca = { credentials: fakeAcmCredentials, retry: { baseDelayMs: 5 } };
    const target = { caArn: fake.caArn, region: fake.region, endpoint: fake.endpoint };
    const state = await createAcmPcaCa({ ...target, trustDomain, mode: "intermediate", kek, acmPca });
    const renewed = await renewIssuer(state, kek, { acmPca });
    expect(fake.issuedCount()).toBe(2);
    const issuer = new X509Certificate(loadCa(renewed, kek).issuerInfo().issuerCertPem);
    expect(issuer.verify(new X509Certificate(fake.rootCertPem).publicKey)).toBe(true);
  });

  it("external: renewal means uploading a new issuer", async () => {
    const root = await makeTestCa({ name: "Root" });
    const issuer = await makeTestCa({ name: "Issuer", issuer: root });
    const state = createExternalCa({
      trustDomain,
      certPem: issuer.certPem,
      keyPem: issuer.keyPem,
      rootPem: root.certPem,
      kek,
    });
    const error = await renewIssuer(state, kek).catch((e: unknown) => e);
    expect(isCaError(error, "rotation_conflict")).toBe(true);
    expect((error as Error).message).toMatch(/renewed by uploading a new one/);
    // Nor does a rotation silently switch it to the builtin CA.
    expect(() => startRotation(state, kek)).toThrow(/rotating a external CA needs the next CA/);
  });
});
