import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { encodeName, encodeTbs, ext, signatureSchemeFor, signTbs } from "./build.ts";
import { keyIdentifier, parseCertificate } from "./certificate.ts";
import { derToPem, pemToDer } from "./pem.ts";

export type CaCertificateRequest = {
  commonName: string;
  /** The key certified; for a root, also the signer. */
  publicKey: KeyObject;
  /** null for a self-signed root. */
  issuer: { certPem: string } | null;
  signerKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** undefined: no path length limit (roots); 0: may sign only leaves (issuers). */
  pathLen: number | undefined;
  /** When set, the certificate permits only SPIFFE URIs of this trust domain. */
  permittedTrustDomain: string | undefined;
};

export function newEcKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync("ec", { namedCurve: "P-256" });
}

/** Builds and signs a CA certificate (root or issuing intermediate). */
export function createCaCertificate(req: CaCertificateRequest): string {
  const spki = req.publicKey.export({ format: "der", type: "spki" });
  const subjectName = encodeName({ organization: "Trellis", commonName: req.commonName });
  const issuerParts = req.issuer ? parseCertificate(pemToDer(req.issuer.certPem, "CERTIFICATE")) : null;
  const subjectKeyId = keyIdentifier(spki);
  const authorityKeyId = issuerParts
    ? (issuerParts.subjectKeyId ?? keyIdentifier(issuerParts.spki))
    : subjectKeyId;
  const scheme = signatureSchemeFor(req.signerKey);
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const extensions = [
    ext.caBasicConstraints(req.pathLen),
    ext.caKeyUsage(),
    ext.subjectKeyId(subjectKeyId),
    ext.authorityKeyId(authorityKeyId),
  ];
  if (req.permittedTrustDomain) extensions.push(ext.permitTrustDomain(req.permittedTrustDomain));
  const tbs = encodeTbs({
    serial,
    signatureAlgorithm: scheme.algorithmIdentifier,
    issuerName: issuerParts ? issuerParts.subjectName : subjectName,
    notBefore: req.notBefore,
    notAfter: req.notAfter,
    subjectName,
    spki,
    extensions,
  });
  return derToPem("CERTIFICATE", signTbs(tbs, scheme, req.signerKey));
}
