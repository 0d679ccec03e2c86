import { contextConstructed, encodeTime, tag } from "./der.ts";

/**
 * A pre-encoded TBSCertificate for X.509-SVIDs of one issuer. Everything constant (version,
 * signature algorithm, issuer name, empty subject, the fixed extensions, the DER of the SKI
 * and SAN extension headers) is encoded once; `fill` computes the few lengths that vary and
 * writes serial, validity, key, key id and URI into one buffer. It produces exactly what
 * `encodeTbs` would (a test holds them equal), at a fraction of the allocations.
 */

const lengthSize = (n: number) => (n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 4);

function writeHeader(buf: Buffer, offset: number, tagByte: number, length: number): number {
  buf[offset++] = tagByte;
  const size = lengthSize(length);
  if (size === 1) {
    buf[offset++] = length;
    return offset;
  }
  buf[offset++] = 0x80 | (size - 1);
  for (let i = size - 2; i >= 0; i--) buf[offset++] = (length >> (8 * i)) & 0xff;
  return offset;
}

const tlvSize = (contentLength: number) => 1 + lengthSize(contentLength) + contentLength;

const version3 = Buffer.from([contextConstructed(0), 3, tag.integer, 1, 2]);
const emptySubject = Buffer.from([tag.sequence, 0]);
// extnID subjectKeyIdentifier, then OCTET STRING { OCTET STRING (20-byte SHA-1) }.
const skiExtension = Buffer.from("301d0603551d0e04160414", "hex");
// extnID subjectAltName, critical TRUE; the OCTET STRING wrapper follows.
const sanPrefix = Buffer.from("0603551d110101ff", "hex");

export type LeafTemplate = {
  fill(serial: Buffer, notBefore: Date, notAfter: Date, spki: Buffer, keyId: Buffer, uri: string): Buffer;
};

export function createLeafTemplate(parts: {
  signatureAlgorithm: Buffer;
  issuerName: Buffer;
  fixedExtensions: Buffer[];
}): LeafTemplate {
  const afterSerial = Buffer.concat([parts.signatureAlgorithm, parts.issuerName]);
  const fixedExtensions = Buffer.concat(parts.fixedExtensions);
  return {
    fill(serial, notBefore, notAfter, spki, keyId, uri) {
      const validityContent = Buffer.concat([encodeTime(notBefore), encodeTime(notAfter)]);
      const uriLength = Buffer.byteLength(uri, "latin1");
      const generalNames = tlvSize(tlvSize(uriLength));
      const sanExtContent = sanPrefix.length + tlvSize(generalNames);
      const extsContent =
        fixedExtensions.length + skiExtension.length + keyId.length + tlvSize(sanExtContent);
      const serialTlv = tlvSize(serial.length);
      const tbsContent =
        version3.length +
        serialTlv +
        afterSerial.length +
        tlvSize(validityContent.length) +
        emptySubject.length +
        spki.length +
        tlvSize(tlvSize(extsContent));
      const buf = Buffer.allocUnsafe(tlvSize(tbsContent));
      let o = writeHeader(buf, 0, tag.sequence, tbsContent);
      o += version3.copy(buf, o);
      o = writeHeader(buf, o, tag.integer, serial.length); // serials are positive with a non-zero first byte
      o += serial.copy(buf, o);
      o += afterSerial.copy(buf, o);
      o = writeHeader(buf, o, tag.sequence, validityContent.length);
      o += validityContent.copy(buf, o);
      o += emptySubject.copy(buf, o);
      o += spki.copy(buf, o);
      o = writeHeader(buf, o, contextConstructed(3), tlvSize(extsContent));
      o = writeHeader(buf, o, tag.sequence, extsContent);
      o += fixedExtensions.copy(buf, o);
      o += skiExtension.copy(buf, o);
      o += keyId.copy(buf, o);
      o = writeHeader(buf, o, tag.sequence, sanExtContent);
      o += sanPrefix.copy(buf, o);
      o = writeHeader(buf, o, tag.octetString, generalNames);
      o = writeHeader(buf, o, tag.sequence, tlvSize(uriLength));
      o = writeHeader(buf, o, 0x86, uriLength);
      o += buf.write(uri, o, "latin1");
      if (o !== buf.length) throw new Error(`leaf template wrote ${o} of ${buf.length} bytes`);
      return buf;
    },
  };
}
