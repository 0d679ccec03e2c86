import { type KeyObject, randomFillSync, X509Certificate } from "node:crypto";
import { CaError } from "../errors.ts";
import { emptyName, encodeTbs, ext, type SignatureScheme, signatureSchemeFor, signTbs } from "./build.ts";
import { keyIdentifier, parseCertificate } from "./certificate.ts";
import { createLeafTemplate } from "./leaf-template.ts";
import { derToPem } from "./pem.ts";

/** Leaves start this much in the past so peers with slow clocks accept them at once. */
export const clockSkewMs = 60_000;

export type SignedLeaf = { der: Buffer; pem: string; serial: string; notBefore: Date; notAfter: Date };

export type LeafSigner = {
  issuerNotAfter: Date;
  sign(spki: Buffer, identity: string, ttlSeconds: number, now: Date): SignedLeaf;
  /** A serving certificate: one DNS SAN, serverAuth only (rare: the general encoder, no template). */
  signServing(spki: Buffer, dnsName: string, ttlSeconds: number, now: Date): SignedLeaf;
};

// Serials come from a pooled random buffer: one getrandom call per 256 leaves.
const serialBytes = 16;
const pool = Buffer.alloc(serialBytes * 256);
let poolOffset = pool.length;

function randomSerial(): Buffer {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const serial = Buffer.from(pool.subarray(poolOffset, poolOffset + serialBytes));
  poolOffset += serialBytes;
  serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, fixed length, 126 random bits
  return serial;
}

/**
 * Signs X.509-SVIDs for one issuer. Everything that does not vary per leaf (issuer name,
 * signature algorithm, the fixed extensions) is encoded once here; per leaf only the
 * serial, validity, key, key id and SAN are encoded, then node:crypto signs the TBS.
 */
export function createLeafSigner(issuerCertPem: string, issuerKey: KeyObject): LeafSigner {
  const issuerCert = new X509Certificate(issuerCertPem);
  const issuer = parseCertificate(issuerCert.raw);
  const scheme: SignatureScheme = signatureSchemeFor(issuerKey);
  const authorityKeyId = issuer.subjectKeyId ?? keyIdentifier(issuer.spki);
  const fixedExtensions = [
    ext.leafBasicConstraints(),
    ext.leafKeyUsage(),
    ext.serverAndClientAuth(),
    ext.authorityKeyId(authorityKeyId),
  ];
  const issuerNotAfter = new Date(issuerCert.validTo);
  const template = createLeafTemplate({
    signatureAlgorithm: scheme.algorithmIdentifier,
    issuerName: issuer.subjectName,
    fixedExtensions,
  });

  const validity = (ttlSeconds: number, now: Date) => {
    if (now.getTime() >= issuerNotAfter.getTime()) {
      throw new CaError("unavailable", `the issuing CA expired at ${issuerNotAfter.toISOString()}`);
    }
    const notBefore = new Date(Math.floor((now.getTime() - clockSkewMs) / 1000) * 1000);
    // A leaf never outlives its issuer; callers see the real notAfter in the result.
    const notAfterMs = Math.min(now.getTime() + ttlSeconds * 1000, issuerNotAfter.getTime());
    return { notBefore, notAfter: new Date(Math.floor(notAfterMs / 1000) * 1000) };
  };
  const signed = (tbs: Buffer, serial: Buffer, v: { notBefore: Date; notAfter: Date }): SignedLeaf => {
    const der = signTbs(tbs, scheme, issuerKey);
    return { der, pem: derToPem("CERTIFICATE", der), serial: serial.toString("hex"), ...v };
  };

  return {
    issuerNotAfter,
    sign(spki, identity, ttlSeconds, now) {
      const v = validity(ttlSeconds, now);
      const serial = randomSerial();
      return signed(
        template.fill(serial, v.notBefore, v.notAfter, spki, keyIdentifier(spki), identity),
        serial,
        v,
      );
    },
    signServing(spki, dnsName, ttlSeconds, now) {
      const v = validity(ttlSeconds, now);
      const serial = randomSerial();
      const tbs = encodeTbs({
        serial,
        signatureAlgorithm: scheme.algorithmIdentifier,
        issuerName: issuer.subjectName,
        ...v,
        subjectName: emptyName,
        spki,
        extensions: [
          ext.leafBasicConstraints(),
          ext.leafKeyUsage(),
          ext.serverAuthOnly(),
          ext.authorityKeyId(authorityKeyId),
          ext.subjectKeyId(keyIdentifier(spki)),
          ext.dnsSan(dnsName),
        ],
      });
      return signed(tbs, serial, v);
    },
  };
}
