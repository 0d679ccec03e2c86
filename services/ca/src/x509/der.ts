/**
 * A minimal DER reader and writer: just what a CA needs to read CSRs and certificates and
 * to assemble TBSCertificates from pre-encoded parts. Doing this by hand (instead of a
 * schema-driven ASN.1 library) is what makes issuance fast: see README "Speed".
 */

export const tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Context-specific tags: `[n]` constructed (EXPLICIT or constructed IMPLICIT) and primitive. */
export const contextConstructed = (n: number): number => 0xa0 | n;
export const contextPrimitive = (n: number): number => 0x80 | n;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one TLV whose value is the concatenation of `parts`. */
export function tlv(tagByte: number, ...parts: Uint8Array[]): Buffer {
  let length = 0;
  for (const p of parts) length += p.length;
  return Buffer.concat([Buffer.from([tagByte]), encodeLength(length), ...parts]);
}

export const seq = (...parts: Uint8Array[]): Buffer => tlv(tag.sequence, ...parts);

export function encodeOid(dotted: string): Buffer {
  const arcs = dotted.split(".").map(Number);
  const out: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let a = Math.floor(arc / 128); a > 0; a = Math.floor(a / 128)) chunk.unshift(0x80 | (a & 0x7f));
    out.push(...chunk);
  }
  return tlv(tag.oid, Buffer.from(out));
}

export function decodeOid(value: Uint8Array): string {
  const arcs: number[] = [Math.floor(value[0]! / 40), value[0]! % 40];
  let acc = 0;
  for (let i = 1; i < value.length; i++) {
    acc = acc * 128 + (value[i]! & 0x7f);
    if ((value[i]! & 0x80) === 0) {
      arcs.push(acc);
      acc = 0;
    }
  }
  return arcs.join(".");
}

/** A positive INTEGER from big-endian magnitude bytes (adds the sign byte when needed). */
export function encodeUnsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  return (trimmed[0]! & 0x80) !== 0 ? tlv(tag.integer, Buffer.from([0]), trimmed) : tlv(tag.integer, trimmed);
}

export const bitString = (bytes: Uint8Array): Buffer => tlv(tag.bitString, Buffer.from([0]), bytes);
export const octetString = (bytes: Uint8Array): Buffer => tlv(tag.octetString, bytes);
export const derTrue = Buffer.from([tag.boolean, 1, 0xff]);

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function encodeTime(date: Date): Buffer {
  const two = (n: number) => (n < 10 ? "0" : "") + n;
  const year = date.getUTCFullYear();
  const digits = `${year}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return year < 2050 && year >= 1950
    ? tlv(tag.utcTime, Buffer.from(digits.slice(2), "latin1"))
    : tlv(tag.generalizedTime, Buffer.from(digits, "latin1"));
}

/** One parsed TLV; offsets index the buffer it was read from. */
export type Tlv = { tag: number; start: number; valueStart: number; end: number };

export class DerError extends Error {}

/** Reads the TLV at `offset`, checking that it fits inside `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError("truncated DER");
  const tagByte = buf[offset]!;
  if ((tagByte & 0x1f) === 0x1f) throw new DerError("multi-byte DER tags are not supported");
  let length = buf[offset + 1]!;
  let valueStart = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new DerError("unsupported DER length");
    if (valueStart + n > limit) throw new DerError("truncated DER");
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[valueStart + i]!;
    valueStart += n;
  }
  const end = valueStart + length;
  if (end > limit) throw new DerError("DER length runs past its container");
  return { tag: tagByte, start: offset, valueStart, end };
}

/** The children of a constructed TLV. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let o = parent.valueStart; o < parent.end; ) {
    const child = readTlv(buf, o, parent.end);
    out.push(child);
    o = child.end;
  }
  return out;
}

export function expectTag(t: Tlv | undefined, tagByte: number, what: string): Tlv {
  if (!t || t.tag !== tagByte) throw new DerError(`expected ${what}`);
  return t;
}

export const raw = (buf: Uint8Array, t: Tlv): Buffer =>
  Buffer.from(buf.buffer, buf.byteOffset + t.start, t.end - t.start);
export const value = (buf: Uint8Array, t: Tlv): Buffer =>
  Buffer.from(buf.buffer, buf.byteOffset + t.valueStart, t.end - t.valueStart);
