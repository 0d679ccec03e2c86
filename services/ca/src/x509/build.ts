import { type KeyObject, sign } from "node:crypto";
import {
  bitString,
  contextConstructed,
  derTrue,
  encodeOid,
  encodeTime,
  encodeUnsignedInteger,
  octetString,
  seq,
  tag,
  tlv,
} from "./der.ts";
import { oid } from "./oids.ts";

/**
 * Encoders for certificate parts. Everything here returns DER Buffers so that fixed parts
 * can be encoded once (per issuer) and only the per-leaf parts are encoded per issuance.
 */

const version3 = tlv(contextConstructed(0), tlv(tag.integer, Buffer.from([2])));
const emptyParams = Buffer.alloc(0);
const nullParams = Buffer.from([tag.null, 0]);

export type SignatureScheme = { digest: string; algorithmIdentifier: Buffer };

/** How a key of this type signs certificates (ECDSA digest by curve size, RSA PKCS#1 v1.5). */
export function signatureSchemeFor(key: KeyObject): SignatureScheme {
  if (key.asymmetricKeyType === "ec") {
    const p384 = key.asymmetricKeyDetails?.namedCurve === "secp384r1";
    return {
      digest: p384 ? "sha384" : "sha256",
      algorithmIdentifier: seq(encodeOid(p384 ? oid.ecdsaWithSha384 : oid.ecdsaWithSha256), emptyParams),
    };
  }
  if (key.asymmetricKeyType === "rsa") {
    return { digest: "sha256", algorithmIdentifier: seq(encodeOid(oid.sha256WithRsa), nullParams) };
  }
  throw new Error(`cannot sign certificates with a ${key.asymmetricKeyType} key`);
}

/** A Name of `CN=…, O=…` (O first, as X.500 orders it). */
export function encodeName(fields: { commonName: string; organization?: string }): Buffer {
  const rdn = (id: string, text: string) =>
    tlv(tag.set, seq(encodeOid(id), tlv(tag.utf8String, Buffer.from(text, "utf8"))));
  const rdns = fields.organization ? [rdn(oid.organization, fields.organization)] : [];
  rdns.push(rdn(oid.commonName, fields.commonName));
  return seq(...rdns);
}

export const emptyName = seq();

// Encoded OIDs are memoised: extensions are built per leaf on the issuance path.
const encodedOids = new Map<string, Buffer>();
function oidTlv(id: string): Buffer {
  let encoded = encodedOids.get(id);
  if (!encoded) {
    encoded = encodeOid(id);
    encodedOids.set(id, encoded);
  }
  return encoded;
}

export function extension(id: string, critical: boolean, valueDer: Buffer): Buffer {
  return critical ? seq(oidTlv(id), derTrue, octetString(valueDer)) : seq(oidTlv(id), octetString(valueDer));
}

export const ext = {
  caBasicConstraints: (pathLen?: number) =>
    extension(
      oid.basicConstraints,
      true,
      pathLen === undefined ? seq(derTrue) : seq(derTrue, tlv(tag.integer, Buffer.from([pathLen]))),
    ),
  leafBasicConstraints: () => extension(oid.basicConstraints, true, seq()),
  /** keyCertSign + cRLSign. */
  caKeyUsage: () => extension(oid.keyUsage, true, Buffer.from([tag.bitString, 2, 1, 0x06])),
  /** digitalSignature only. */
  leafKeyUsage: () => extension(oid.keyUsage, true, Buffer.from([tag.bitString, 2, 7, 0x80])),
  serverAndClientAuth: () =>
    extension(oid.extKeyUsage, false, seq(encodeOid(oid.serverAuth), encodeOid(oid.clientAuth))),
  serverAuthOnly: () => extension(oid.extKeyUsage, false, seq(encodeOid(oid.serverAuth))),
  /** Exactly one DNS SAN; critical, the subject being empty (RFC 5280 §4.2.1.6). */
  dnsSan: (name: string) => extension(oid.subjectAltName, true, seq(tlv(0x82, Buffer.from(name, "latin1")))),
  subjectKeyId: (keyId: Buffer) => extension(oid.subjectKeyIdentifier, false, octetString(keyId)),
  authorityKeyId: (keyId: Buffer) => extension(oid.authorityKeyIdentifier, false, seq(tlv(0x80, keyId))),
  /** Exactly one URI SAN; critical because SVID subjects are empty (RFC 5280 §4.2.1.6). */
  uriSan: (uri: string, critical: boolean) =>
    extension(oid.subjectAltName, critical, seq(tlv(0x86, Buffer.from(uri, "latin1")))),
  /** Permits only URIs whose host is the trust domain (RFC 5280 §4.2.1.10). */
  permitTrustDomain: (trustDomain: string) =>
    extension(oid.nameConstraints, true, seq(tlv(0xa0, seq(tlv(0x86, Buffer.from(trustDomain, "latin1")))))),
};

export type TbsFields = {
  serial: Buffer;
  signatureAlgorithm: Buffer;
  issuerName: Buffer;
  notBefore: Date;
  notAfter: Date;
  subjectName: Buffer;
  spki: Buffer;
  extensions: Buffer[];
};

export function encodeTbs(f: TbsFields): Buffer {
  return seq(
    version3,
    encodeUnsignedInteger(f.serial),
    f.signatureAlgorithm,
    f.issuerName,
    seq(encodeTime(f.notBefore), encodeTime(f.notAfter)),
    f.subjectName,
    f.spki,
    tlv(contextConstructed(3), seq(...f.extensions)),
  );
}

/** Signs a TBSCertificate and wraps it into a Certificate (ECDSA signatures in DER, as X.509 wants). */
export function signTbs(tbs: Buffer, scheme: SignatureScheme, key: KeyObject): Buffer {
  return seq(tbs, scheme.algorithmIdentifier, bitString(sign(scheme.digest, tbs, key)));
}
