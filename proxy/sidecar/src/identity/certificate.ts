import { createPrivateKey, X509Certificate } from "node:crypto";

/** What the proxy needs to know about its own certificate chain. */
export type CertificateInfo = {
  spiffeId: string | undefined;
  notBeforeMs: number;
  notAfterMs: number;
  /** SHA-256 (hex, no colons) of the trust-bundle root that anchors the chain, if found. */
  rootFingerprint: string;
};

/** Splits concatenated PEM certificates into one PEM string each. */
export function splitPemChain(pem: string): string[] {
  return (
    pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((c) => `${c}\n`) ?? []
  );
}

/** The URI SAN of a certificate, parsed from Node's `subjectaltname` string. */
export function uriSanOf(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  const out: string[] = [];
  for (const part of subjectAltName.split(", ")) if (part.startsWith("URI:")) out.push(part.slice(4));
  return out;
}

export function describeChain(chainPem: readonly string[], trustBundle: readonly string[]): CertificateInfo {
  const leaf = new X509Certificate(chainPem[0]!);
  const last = new X509Certificate(chainPem[chainPem.length - 1]!);
  let rootFingerprint = "";
  for (const rootPem of trustBundle) {
    const root = new X509Certificate(rootPem);
    if (last.checkIssued(root) && last.verify(root.publicKey)) {
      rootFingerprint = root.fingerprint256.replace(/:/g, "").toLowerCase();
      break;
    }
  }
  return {
    spiffeId: uriSanOf(leaf.subjectAltName)[0],
    notBeforeMs: Date.parse(leaf.validFrom),
    notAfterMs: Date.parse(leaf.validTo),
    rootFingerprint,
  };
}

/** Whether the leaf's public key belongs to `keyPem` (a stored key/cert pair must agree). */
export function keyMatchesCertificate(keyPem: string, leafPem: string): boolean {
  try {
    return new X509Certificate(leafPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}
