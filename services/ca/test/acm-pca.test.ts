import { randomBytes, X509Certificate } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type AcmPcaClientOptions,
  type CaBackend,
  type CaErrorKind,
  createAcmPcaCa,
  createBuiltinCa,
  isCaError,
  loadCa,
  startRotation,
} from "../src/index.ts";
import { type FakeAcmPca, fakeAcmCredentials, startFakeAcmPca } from "../src/testing/fake-acm-pca.ts";
import { allowAll, makeCsr } from "./helpers/csr.ts";
import { opensslVerify } from "./helpers/openssl.ts";
import * as x509 from "./helpers/x509.ts";

const kek = randomBytes(32);
const trustDomain = "acm.trellis.test";
const identity = `spiffe://${trustDomain}/ns/shop/sa/cart`;
// The real SDK client, pointed at the fake; short backoff keeps the tests quick.
const acmPca: AcmPcaClientOptions = {
  credentials: fakeAcmCredentials,
  retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 5 },
};

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

function expectCaError(error: unknown, kind: CaErrorKind, message: RegExp) {
  expect(isCaError(error, kind), `expected CaError ${kind}, got ${String(error)}`).toBe(true);
  expect((error as Error).message).toMatch(message);
}

describe("aws-acm-pca backend against a local server speaking the ACM PCA JSON 1.1 protocol", () => {
  let fake: FakeAcmPca;
  beforeEach(async () => {
    fake = await startFakeAcmPca();
  });
  afterEach(async () => {
    await fake.close();
  });
  const target = () => ({ caArn: fake.caArn, region: fake.region, endpoint: fake.endpoint });

  describe("leaf mode: ACM PCA signs every leaf", () => {
    let ca: CaBackend;
    beforeEach(async () => {
      const state = await createAcmPcaCa({ ...target(), trustDomain, mode: "leaf", kek, acmPca });
      ca = loadCa(JSON.parse(JSON.stringify(state)), kek, { acmPca });
    });

    it("issues an SVID through IssueCertificate (passthrough template) and GetCertificate", async () => {
      expect(ca.trustBundle()).toEqual([fake.rootCertPem]);
      const { csrPem } = await makeCsr();
      const before = Math.floor(Date.now() / 1000);
      const issued = await ca.issue({ csrPem, identity, ttlSeconds: 86_400, allowIdentity: allowAll });
      const verified = await opensslVerify({
        roots: issued.trustBundle,
        intermediates: issued.chainPem.slice(1),
        leaf: issued.certPem,
        purpose: "sslclient",
      });
      expect(verified.ok, verified.output).toBe(true);
      const cert = new x509.X509Certificate(issued.certPem);
      const san = cert.getExtension(x509.SubjectAlternativeNameExtension)!;
      expect(san.critical).toBe(true);
      expect(san.names.items.map((n) => n.value)).toEqual([identity]);
      expect(issued.rootFingerprint).toBe(ca.issuerInfo().activeRootFingerprint);

      const issue = fake.calls.find((c) => c.operation === "IssueCertificate")!.body;
      expect(issue.TemplateArn).toBe("arn:aws:acm-pca:::template/EndEntityCertificate_APIPassthrough/V1");
      expect(issue.SigningAlgorithm).toBe("SHA256WITHECDSA");
      expect(issue.CertificateAuthorityArn).toBe(fake.caArn);
      expect(issue.ApiPassthrough).toEqual({
        Extensions: { SubjectAlternativeNames: [{ UniformResourceIdentifier: identity }] },
      });
      const validity = issue.Validity as { Type: string; Value: number };
      expect(validity.Type).toBe("ABSOLUTE");
      expect(validity.Value - before).toBeGreaterThanOrEqual(86_400 - 5);
      expect(validity.Value - before).toBeLessThanOrEqual(86_400 + 5);
      expect(typeof issue.IdempotencyToken).toBe("string");
      expect(Buffer.from(String(issue.Csr), "base64").toString()).toBe(csrPem);
    });

    it("polls GetCertificate through RequestInProgressException", async () => {
      fake.setInProgressPolls(3);
      const { csrPem } = await makeCsr();
      const issued = await ca.issue({ csrPem, identity, ttlSeconds: 3600, allowIdentity: allowAll });
      expect(new X509Certificate(issued.certPem).subjectAltName).toBe(`URI:${identity}`);
      expect(fake.calls.filter((c) => c.operation === "GetCertificate")).toHaveLength(4);
    });

    it("retries throttling with one idempotency token, issuing once", async () => {
      fake.failNext("IssueCertificate", "ThrottlingException", 2, "Rate exceeded");
      const { csrPem } = await makeCsr();
      await ca.issue({ csrPem, identity, ttlSeconds: 3600, allowIdentity: allowAll });
      const issues = fake.calls.filter((c) => c.operation === "IssueCertificate");
      expect(issues).toHaveLength(3);
      expect(new Set(issues.map((c) => c.body.IdempotencyToken)).size).toBe(1);
      expect(fake.issuedCount()).toBe(1);
    });

    it("throttling past the retries is a rate_limited error with a retry hint", async () => {
      fake.failNext("IssueCertificate", "ThrottlingException", 10, "Rate exceeded");
      const { csrPem } = await makeCsr();
      const error = await caught(ca.issue({ csrPem, identity, ttlSeconds: 3600, allowIdentity: allowAll }));
      expectCaError(
        error,
        "rate_limited",
        /throttled IssueCertificate past our retries — ThrottlingException: Rate exceeded/,
      );
      expect((error as { code: string }).code).toBe("rate_limited");
      expect((error as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
      expect(fake.calls.filter((c) => c.operation === "IssueCertificate")).toHaveLength(5);
    });

    it("AccessDeniedException is a clear access_denied error, not retried", async () => {
      fake.failNext(
        "IssueCertificate",
        "AccessDeniedException",
        1,
        "User is not authorized to perform acm-pca:IssueCertificate",
      );
      const { csrPem } = await makeCsr();
      const error = await caught(ca.issue({ csrPem, identity, ttlSeconds: 3600, allowIdentity: allowAll }));
      expectCaError(
        error,
        "access_denied",
        /denied IssueCertificate: the control plane's AWS credentials lack permission/,
      );
      expect((error as Error).message).toContain(fake.caArn);
      expect(fake.calls.filter((c) => c.operation === "IssueCertificate")).toHaveLength(1);
    });

    it("a certificate that never leaves RequestInProgress is unavailable after the retries", async () => {
      fake.setInProgressPolls(100);
      const { csrPem } = await makeCsr();
      const error = await caught(ca.issue({ csrPem, identity, ttlSeconds: 3600, allowIdentity: allowAll }));
      expectCaError(error, "unavailable", /still issuing/);
    });

    it("checks the request before calling ACM (trust domain, callback)", async () => {
      const { csrPem } = await makeCsr();
      const error = await caught(
        ca.issue({
          csrPem,
          identity: "spiffe://other.test/ns/a/sa/b",
          ttlSeconds: 3600,
          allowIdentity: allowAll,
        }),
      );
      expectCaError(error, "identity_not_allowed", /trust domain "other\.test"/);
      expect(fake.calls.filter((c) => c.operation === "IssueCertificate")).toHaveLength(0);
    });
  });

  describe("intermediate mode (recommended): ACM PCA signs the mesh issuer once", () => {
    it("leaves are signed locally and chain through the ACM-issued intermediate", async () => {
      const state = await createAcmPcaCa({ ...target(), trustDomain, mode: "intermediate", kek, acmPca });
      expect(JSON.stringify(state)).not.toMatch(/PRIVATE KEY/);
      const ca = loadCa(state, kek, { acmPca });
      const subordinate = fake.calls.find((c) => c.operation === "IssueCertificate")!.body;
      expect(subordinate.TemplateArn).toBe("arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1");
      for (let i = 0; i < 3; i++) {
        const { csrPem } = await makeCsr();
        const issued = await ca.issue({ csrPem, identity, ttlSeconds: 3600, allowIdentity: allowAll });
        expect(issued.chainPem).toHaveLength(2);
        const verified = await opensslVerify({
          roots: issued.trustBundle,
          intermediates: issued.chainPem.slice(1),
          leaf: issued.certPem,
          purpose: "sslserver",
        });
        expect(verified.ok, verified.output).toBe(true);
      }
      expect(fake.issuedCount()).toBe(1); // leaves never reached ACM
      expect(ca.issuerInfo()).toMatchObject({ backend: "aws-acm-pca", mode: "local" });
    });

    it("a mesh can rotate from builtin to ACM PCA with both roots in the bundle meanwhile", async () => {
      const builtin = createBuiltinCa({ trustDomain, kek });
      const next = await createAcmPcaCa({ ...target(), trustDomain, mode: "intermediate", kek, acmPca });
      const rotating = loadCa(startRotation(builtin, kek, { next }), kek, { acmPca });
      expect(rotating.trustBundle()).toEqual([fake.rootCertPem, ...builtin.active.roots]);
      expect(rotating.issuerInfo().rotating).toBe(true);
    });
  });

  it("a wrong CA ARN or wrong credentials fail creation with the AWS reason", async () => {
    const wrongArn = await caught(
      createAcmPcaCa({ ...target(), caArn: `${fake.caArn}0`, trustDomain, mode: "leaf", kek, acmPca }),
    );
    expectCaError(wrongArn, "unavailable", /ResourceNotFoundException/);
    const wrongKey = await caught(
      createAcmPcaCa({
        ...target(),
        trustDomain,
        mode: "leaf",
        kek,
        acmPca: { ...acmPca, credentials: { accessKeyId: "AKIDWRONG", secretAccessKey: "x" } },
      }),
    );
    expectCaError(wrongKey, "access_denied", /UnrecognizedClientException/);
  });
});
