import { createHash, hash } from "node:crypto";
import { children, decodeOid, expectTag, raw, readTlv, tag, value } from "./der.ts";
import { oid } from "./oids.ts";
import { pemToDer } from "./pem.ts";

/** The parts of an issuer certificate a leaf template copies. */
export type CertificateParts = {
  /** DER Name of the subject: becomes the leaf's issuer field byte for byte. */
  subjectName: Buffer;
  spki: Buffer;
  /** The subjectKeyIdentifier extension's key id, when present. */
  subjectKeyId: Buffer | undefined;
  extensions: Map<string, { critical: boolean; value: Buffer }>;
};

export function parseCertificate(der: Buffer): CertificateParts {
  const cert = expectTag(readTlv(der, 0), tag.sequence, "Certificate");
  const tbs = expectTag(children(der, cert)[0], tag.sequence, "TBSCertificate");
  const fields = children(der, tbs);
  // version [0] is present on every v3 certificate we handle.
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = expectTag(fields[offset + 4], tag.sequence, "subject");
  const spki = expectTag(fields[offset + 5], tag.sequence, "subjectPublicKeyInfo");
  const extensions = new Map<string, { critical: boolean; value: Buffer }>();
  const extsWrapper = fields.slice(offset + 6).find((f) => f.tag === 0xa3);
  if (extsWrapper) {
    const list = expectTag(children(der, extsWrapper)[0], tag.sequence, "Extensions");
    for (const ext of children(der, list)) {
      const parts = children(der, ext);
      const id = decodeOid(value(der, expectTag(parts[0], tag.oid, "extnID")));
      const critical = parts.length === 3 && parts[1]!.tag === tag.boolean && der[parts[1]!.valueStart] !== 0;
      extensions.set(id, {
        critical,
        value: value(der, expectTag(parts.at(-1), tag.octetString, "extnValue")),
      });
    }
  }
  const ski = extensions.get(oid.subjectKeyIdentifier);
  const subjectKeyId = ski ? value(ski.value, readTlv(ski.value, 0)) : undefined;
  return { subjectName: raw(der, subject), spki: raw(der, spki), subjectKeyId, extensions };
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifier(spki: Buffer): Buffer {
  const outer = readTlv(spki, 0);
  const bits = expectTag(children(spki, outer)[1], tag.bitString, "subjectPublicKey");
  return hash("sha1", value(spki, bits).subarray(1), "buffer");
}

/** SHA-256 over the DER, lowercase hex without separators (the tunnel's cert_root_fingerprint). */
export function fingerprintOfDer(der: Uint8Array): string {
  return createHash("sha256").update(der).digest("hex");
}

export function fingerprintOfPem(pem: string): string {
  return fingerprintOfDer(pemToDer(pem, "CERTIFICATE"));
}
