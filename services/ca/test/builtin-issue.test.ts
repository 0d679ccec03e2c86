import { randomBytes, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type CaBackend, createBuiltinCa, loadCa } from "../src/index.ts";
import { allowAll, makeCsr } from "./helpers/csr.ts";
import { opensslText, opensslVerify } from "./helpers/openssl.ts";
import * as x509 from "./helpers/x509.ts";

const kek = randomBytes(32);
const trustDomain = "prod.acme.trellis.test";
const identity = `spiffe://${trustDomain}/ns/shop/sa/cart`;

describe("builtin CA issues X.509-SVIDs", () => {
  let ca: CaBackend;
  beforeAll(() => {
    ca = loadCa(JSON.parse(JSON.stringify(createBuiltinCa({ trustDomain, kek }))), kek);
  });

  it("chains verify with the openssl CLI, for server and client purposes", async () => {
    for (const key of ["p256", "p384", "rsa2048"] as const) {
      const { csrPem } = await makeCsr({ key });
      const issued = await ca.issue({ csrPem, identity, ttlSeconds: 86_400, allowIdentity: allowAll });
      expect(issued.chainPem[0]).toBe(issued.certPem);
      for (const purpose of ["sslserver", "sslclient"] as const) {
        const result = await opensslVerify({
          roots: issued.trustBundle,
          intermediates: issued.chainPem.slice(1),
          leaf: issued.certPem,
          purpose,
        });
        expect(result.output).toContain("OK");
        expect(result.ok).toBe(true);
      }
    }
  });

  it("openssl refuses the leaf against another mesh's root", async () => {
    const other = loadCa(createBuiltinCa({ trustDomain: "other.trellis.test", kek }), kek);
    const { csrPem } = await makeCsr();
    const issued = await ca.issue({ csrPem, identity, ttlSeconds: 3600, allowIdentity: allowAll });
    const result = await opensslVerify({
      roots: other.trustBundle(),
      intermediates: issued.chainPem.slice(1),
      leaf: issued.certPem,
    });
    expect(result.ok).toBe(false);
  });

  it("follows every X.509-SVID rule (node:crypto X509Certificate)", async () => {
    const { csrPem } = await makeCsr({ subject: "CN=ignored" });
    const before = Date.now();
    const issued = await ca.issue({ csrPem, identity, ttlSeconds: 86_400, allowIdentity: allowAll });
    const leaf = new X509Certificate(issued.certPem);
    expect(leaf.subjectAltName).toBe(`URI:${identity}`); // exactly one SAN, the URI
    expect(leaf.subject ?? "").toBe(""); // empty: the CSR's subject is not copied
    expect(leaf.ca).toBe(false);
    expect(leaf.keyUsage?.sort()).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]); // node names EKU "keyUsage"
    const notBefore = new Date(leaf.validFrom).getTime();
    const notAfter = new Date(leaf.validTo).getTime();
    expect(notBefore).toBeLessThanOrEqual(before - 30_000); // back-dated for clock skew
    expect(notBefore).toBeGreaterThanOrEqual(before - 120_000);
    expect(notAfter - Date.now()).toBeGreaterThan(86_400_000 - 60_000);
    expect(notAfter - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(issued.notAfter.getTime()).toBe(notAfter);
    expect(issued.serial).toBe(leaf.serialNumber.toLowerCase());
    expect(leaf.checkIssued(new X509Certificate(issued.chainPem[1]!))).toBe(true);
  });

  it("marks SAN, key usage and basic constraints critical; key usage is digitalSignature only", async () => {
    const { csrPem } = await makeCsr();
    const issued = await ca.issue({ csrPem, identity, ttlSeconds: 3600, allowIdentity: allowAll });
    const cert = new x509.X509Certificate(issued.certPem);
    const san = cert.getExtension(x509.SubjectAlternativeNameExtension)!;
    expect(san.critical).toBe(true);
    expect(san.names.items.map((n) => [n.type, n.value])).toEqual([["url", identity]]);
    const ku = cert.getExtension(x509.KeyUsagesExtension)!;
    expect(ku.critical).toBe(true);
    expect(ku.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    const bc = cert.getExtension(x509.BasicConstraintsExtension)!;
    expect(bc.critical).toBe(true);
    expect(bc.ca).toBe(false);
    const eku = cert.getExtension(x509.ExtendedKeyUsageExtension)!;
    expect(eku.usages).toEqual([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]);
    const text = await opensslText(issued.certPem);
    expect(text).toMatch(
      /X509v3 Subject Alternative Name: critical\s+URI:spiffe:\/\/prod\.acme\.trellis\.test\/ns\/shop\/sa\/cart/,
    );
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    expect(text).not.toContain("Certificate Sign");
  });

  it("gives random serials and a vm identity too", async () => {
    const { csrPem } = await makeCsr();
    const vm = `spiffe://${trustDomain}/vm/db-1`;
    const a = await ca.issue({ csrPem, identity: vm, ttlSeconds: 3600, allowIdentity: allowAll });
    const b = await ca.issue({ csrPem, identity: vm, ttlSeconds: 3600, allowIdentity: allowAll });
    expect(a.serial).not.toBe(b.serial);
    expect(a.serial).toMatch(/^[0-9a-f]{32}$/);
    expect(new X509Certificate(a.certPem).subjectAltName).toBe(`URI:${vm}`);
  });

  it("root is ECDSA P-256 for 10 years, issuer 1 year with pathLen 0, both name-constrained", async () => {
    const info = ca.issuerInfo();
    const root = new x509.X509Certificate(info.roots[0]!.certPem);
    const issuer = new x509.X509Certificate(info.issuerCertPem);
    const years = (c: x509.X509Certificate) =>
      (c.notAfter.getTime() - c.notBefore.getTime()) / (365 * 86_400_000);
    expect(years(root)).toBeGreaterThan(9.9);
    expect(years(issuer)).toBeGreaterThan(0.99);
    expect(years(issuer)).toBeLessThan(1.01);
    expect((root.publicKey.algorithm as { namedCurve?: string }).namedCurve).toBe("P-256");
    expect(issuer.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(0);
    const text = await opensslText(info.issuerCertPem);
    expect(text).toMatch(/X509v3 Name Constraints: critical\s+Permitted:\s+URI:prod\.acme\.trellis\.test/);
    expect(info.activeRootFingerprint).toBe(info.roots[0]!.fingerprint);
    expect(info.rotating).toBe(false);
  });
});
