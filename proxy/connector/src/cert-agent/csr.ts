import "reflect-metadata";
import { webcrypto, X509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ecdsa = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/**
 * A fresh ECDSA P-256 key and a PKCS#10 CSR whose only name is the SPIFFE id as a URI SAN
 * (SPIFFE X509-SVID §2). The key is PKCS#8 PEM for the workload's TLS stack; it never
 * leaves the workload — only the CSR travels (agent → connector → control plane's CA).
 */
export async function makeKeyAndCsr(spiffeId: string): Promise<{ keyPem: string; csrPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ecdsa, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    keys,
    signingAlgorithm: ecdsa,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: "url", value: spiffeId }])],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const b64 = pkcs8.toString("base64").replace(/(.{64})/g, "$1\n");
  return {
    keyPem: `-----BEGIN PRIVATE KEY-----\n${b64.trimEnd()}\n-----END PRIVATE KEY-----\n`,
    csrPem: csr.toString("pem"),
  };
}

export type ChainFacts = { notBeforeMs: number; notAfterMs: number; rootFingerprint: string };

/** Lifetime of the leaf and the SHA-256 (hex) of the bundle root that anchors the chain. */
export function chainFacts(chainPem: readonly string[], trustBundle: readonly string[]): ChainFacts {
  const leaf = new X509Certificate(chainPem[0]!);
  const last = new X509Certificate(chainPem[chainPem.length - 1]!);
  let rootFingerprint = "";
  for (const pem of trustBundle) {
    const root = new X509Certificate(pem);
    if (last.checkIssued(root) && last.verify(root.publicKey)) {
      rootFingerprint = root.fingerprint256.replace(/:/g, "").toLowerCase();
      break;
    }
  }
  return { notBeforeMs: Date.parse(leaf.validFrom), notAfterMs: Date.parse(leaf.validTo), rootFingerprint };
}
