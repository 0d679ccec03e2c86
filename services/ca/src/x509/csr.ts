import { type KeyObject, verify } from "node:crypto";
import { CaError } from "../errors.ts";
import { children, DerError, decodeOid, expectTag, raw, readTlv, tag, value } from "./der.ts";
import { oid, signatureDigests } from "./oids.ts";
import { pemToDer } from "./pem.ts";
import { importWorkloadKey } from "./spki.ts";

/** Far above any real workload CSR (an RSA 4096 one is ≈1.7 KB); bounds parsing work. */
export const maxCsrPemLength = 16_384;

export type ParsedCsr = {
  /** The DER SubjectPublicKeyInfo, copied as is into the leaf. */
  spki: Buffer;
  publicKey: KeyObject;
  /** URI SANs from the CSR's extensionRequest, if it carries any. */
  uriSans: string[];
  /** The DER Name the CSR asks for (ignored by our signers: SVID subjects are empty). */
  subject: Buffer;
};

/**
 * Parses a PKCS#10 CSR, checks its key type and verifies its self-signature, all with
 * node:crypto and a hand-written DER walk (no ASN.1 schema library on the hot path).
 */
export function parseAndVerifyCsr(csrPem: string): ParsedCsr {
  if (csrPem.length > maxCsrPemLength) {
    throw new CaError("csr_invalid", `CSR is larger than ${maxCsrPemLength} characters`);
  }
  let der: Buffer;
  try {
    der = pemToDer(csrPem, "CERTIFICATE REQUEST");
  } catch (e) {
    throw new CaError("csr_invalid", `CSR is not PEM: ${(e as Error).message}`);
  }
  let parts: ReturnType<typeof walk>;
  try {
    parts = walk(der);
  } catch (e) {
    if (e instanceof DerError) throw new CaError("csr_invalid", `CSR is not valid DER: ${e.message}`);
    throw e;
  }
  let imported: ReturnType<typeof importWorkloadKey>;
  try {
    imported = importWorkloadKey(parts.spki);
  } catch (e) {
    if (e instanceof DerError)
      throw new CaError("csr_invalid", `CSR public key is not valid DER: ${e.message}`);
    throw e;
  }
  const publicKey = imported.key;
  const algorithm = signatureDigests[parts.signatureOid];
  if (!algorithm || algorithm.family !== imported.family) {
    throw new CaError("csr_invalid", `CSR signature algorithm ${parts.signatureOid} is not supported`);
  }
  if (!verify(algorithm.digest, parts.info, publicKey, parts.signature)) {
    throw new CaError("csr_invalid", "CSR signature does not verify");
  }
  return { spki: parts.spki, publicKey, uriSans: parts.uriSans, subject: parts.subject };
}

function walk(der: Buffer) {
  const outer = expectTag(readTlv(der, 0), tag.sequence, "CertificationRequest");
  if (outer.end !== der.length) throw new DerError("trailing bytes after CSR");
  const [infoTlv, algTlv, sigTlv] = children(der, outer);
  const info = expectTag(infoTlv, tag.sequence, "CertificationRequestInfo");
  const [, subjectTlv, spkiTlv, attrsTlv] = children(der, info);
  const subject = raw(der, expectTag(subjectTlv, tag.sequence, "subject"));
  const spki = raw(der, expectTag(spkiTlv, tag.sequence, "SubjectPublicKeyInfo"));
  const alg = expectTag(algTlv, tag.sequence, "signatureAlgorithm");
  const signatureOid = decodeOid(value(der, expectTag(children(der, alg)[0], tag.oid, "algorithm OID")));
  const sigBits = value(der, expectTag(sigTlv, tag.bitString, "signature"));
  if (sigBits[0] !== 0) throw new DerError("signature BIT STRING has unused bits");
  const uriSans = attrsTlv?.tag === 0xa0 ? readUriSans(der, attrsTlv) : [];
  return { info: raw(der, info), spki, subject, signatureOid, signature: sigBits.subarray(1), uriSans };
}

/** URI SANs from the extensionRequest attribute ([0] attributes → Extensions → SAN). */
function readUriSans(der: Buffer, attrs: ReturnType<typeof readTlv>): string[] {
  const uris: string[] = [];
  for (const attribute of children(der, attrs)) {
    const [typeTlv, valuesTlv] = children(der, attribute);
    if (decodeOid(value(der, expectTag(typeTlv, tag.oid, "attribute type"))) !== oid.extensionRequest)
      continue;
    for (const extensions of children(der, expectTag(valuesTlv, tag.set, "attribute values"))) {
      for (const extension of children(der, extensions)) {
        const fields = children(der, extension);
        if (decodeOid(value(der, expectTag(fields[0], tag.oid, "extnID"))) !== oid.subjectAltName) continue;
        const octets = expectTag(fields[fields.length - 1], tag.octetString, "extnValue");
        const names = readTlv(der, octets.valueStart, octets.end);
        for (const name of children(der, expectTag(names, tag.sequence, "GeneralNames"))) {
          if (name.tag === 0x86) uris.push(value(der, name).toString("latin1"));
        }
      }
    }
  }
  return uris;
}
