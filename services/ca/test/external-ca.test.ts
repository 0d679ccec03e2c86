import { createPrivateKey, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createExternalCa,
  type ExternalCaOptions,
  fingerprintOfPem,
  isCaError,
  loadCa,
} from "../src/index.ts";
import { allowAll, makeCsr } from "./helpers/csr.ts";
import { makeTestCa, type TestCa } from "./helpers/external-ca.ts";
import { opensslVerify } from "./helpers/openssl.ts";

const kek = randomBytes(32);
const trustDomain = "byo.trellis.test";
const identity = `spiffe://${trustDomain}/ns/shop/sa/cart`;

function refusal(options: Partial<ExternalCaOptions>, base: ExternalCaOptions): string {
  try {
    createExternalCa({ ...base, ...options });
  } catch (e) {
    expect(isCaError(e, "external_ca_invalid"), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe("invalid");
    return (e as Error).message;
  }
  throw new Error("expected createExternalCa to refuse");
}

describe("external (bring-your-own) CA", () => {
  let root: TestCa;
  let issuer: TestCa;
  let base: ExternalCaOptions;
  beforeAll(async () => {
    root = await makeTestCa({ name: "Acme Root", notAfterDays: 3650 });
    issuer = await makeTestCa({ name: "Acme Mesh Issuer", issuer: root });
    base = { trustDomain, certPem: issuer.certPem, keyPem: issuer.keyPem, rootPem: root.certPem, kek };
  });

  it("accepts a valid intermediate and issues leaves that openssl verifies against the customer's root", async () => {
    const state = createExternalCa(base);
    expect(JSON.stringify(state)).not.toMatch(/PRIVATE KEY/);
    const ca = loadCa(state, kek);
    expect(ca.trustBundle().map(fingerprintOfPem)).toEqual([fingerprintOfPem(root.certPem)]);
    const { csrPem } = await makeCsr();
    const issued = await ca.issue({ csrPem, identity, ttlSeconds: 3600, allowIdentity: allowAll });
    const verified = await opensslVerify({
      roots: issued.trustBundle,
      intermediates: issued.chainPem.slice(1),
      leaf: issued.certPem,
      purpose: "sslclient",
    });
    expect(verified.ok, verified.output).toBe(true);
    expect(ca.issuerInfo()).toMatchObject({ backend: "external", mode: "local" });
  });

  it("accepts a deeper chain (root → policy CA → issuer) when the middle is uploaded", async () => {
    const policy = await makeTestCa({ name: "Acme Policy CA", issuer: root });
    const deep = await makeTestCa({ name: "Acme Deep Issuer", issuer: policy });
    const ca = loadCa(
      createExternalCa({
        ...base,
        certPem: deep.certPem,
        keyPem: deep.keyPem,
        intermediatesPem: [policy.certPem],
      }),
      kek,
    );
    const { csrPem } = await makeCsr();
    const issued = await ca.issue({ csrPem, identity, ttlSeconds: 3600, allowIdentity: allowAll });
    expect(issued.chainPem).toHaveLength(3);
    const verified = await opensslVerify({
      roots: issued.trustBundle,
      intermediates: issued.chainPem.slice(1),
      leaf: issued.certPem,
    });
    expect(verified.ok, verified.output).toBe(true);
    // Without the middle certificate the chain is incomplete, and said so.
    expect(refusal({ certPem: deep.certPem, keyPem: deep.keyPem }, base)).toMatch(
      /certificate is not issued by root: its issuer is "CN=Acme Policy CA", the root is "CN=Acme Root"/,
    );
  });

  it("refuses a certificate that is not a CA", async () => {
    const leaf = await makeTestCa({ name: "Not A CA", issuer: root, ca: false });
    expect(refusal({ certPem: leaf.certPem, keyPem: leaf.keyPem }, base)).toMatch(
      /certificate "CN=Not A CA" is not a CA \(basicConstraints cA is not true\)/,
    );
  });

  it("refuses a CA whose key usage lacks keyCertSign", async () => {
    const noSign = await makeTestCa({ name: "No Sign", issuer: root, keyUsage: 0x02 /* cRLSign */ });
    expect(refusal({ certPem: noSign.certPem, keyPem: noSign.keyPem }, base)).toMatch(
      /key usage does not include keyCertSign/,
    );
  });

  it("refuses a key that does not match the certificate", async () => {
    const other = await makeTestCa({ name: "Other", issuer: root });
    expect(refusal({ keyPem: other.keyPem }, base)).toMatch(
      /private key does not match certificate "CN=Acme Mesh Issuer"/,
    );
  });

  it("refuses a certificate that does not chain to the root (same name, other key)", async () => {
    const impostor = await makeTestCa({ name: "Acme Root", notAfterDays: 3650 });
    expect(refusal({ rootPem: impostor.certPem }, base)).toMatch(
      /certificate's signature does not verify with the root's key/,
    );
    const stranger = await makeTestCa({ name: "Stranger Root" });
    expect(refusal({ rootPem: stranger.certPem }, base)).toMatch(/certificate is not issued by root/);
  });

  it("refuses expired, not-yet-valid and nearly expired certificates", async () => {
    const expired = await makeTestCa({ name: "Expired", issuer: root, notBeforeDays: -30, notAfterDays: -1 });
    expect(refusal({ certPem: expired.certPem, keyPem: expired.keyPem }, base)).toMatch(
      /certificate "CN=Expired" expired/,
    );
    const future = await makeTestCa({ name: "Future", issuer: root, notBeforeDays: 2 });
    expect(refusal({ certPem: future.certPem, keyPem: future.keyPem }, base)).toMatch(
      /certificate "CN=Future" is not valid until/,
    );
    const short = await makeTestCa({ name: "Short", issuer: root, notAfterDays: 10 });
    expect(refusal({ certPem: short.certPem, keyPem: short.keyPem }, base)).toMatch(
      /expires .*: 9 days left, at least 30 required/,
    );
  });

  it("refuses a weak key, an encrypted key, a non-self-signed root and garbage", async () => {
    const weakRoot = await makeTestCa({ name: "Weak Root", weakKey: true });
    const weak = await makeTestCa({ name: "Weak", issuer: weakRoot, weakKey: true });
    expect(refusal({ certPem: weak.certPem, keyPem: weak.keyPem, rootPem: weakRoot.certPem }, base)).toMatch(
      /private key is RSA 1024 bits; allowed/,
    );
    const encrypted = createPrivateKey(issuer.keyPem)
      .export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: "pw" })
      .toString();
    expect(refusal({ keyPem: encrypted }, base)).toMatch(/private key is encrypted/);
    expect(refusal({ rootPem: issuer.certPem }, base)).toMatch(
      /root "CN=Acme Mesh Issuer" is not self-signed/,
    );
    expect(refusal({ certPem: "nope" }, base)).toMatch(/certificate: expected one PEM CERTIFICATE, found 0/);
    expect(refusal({ keyPem: "nope" }, base)).toMatch(/private key: not a PEM private key/);
  });
});
