// A small MessagePack codec (https://github.com/msgpack/msgpack/blob/master/spec.md) for
// Terraform's DynamicValue: only what its wire format uses, with extension values kept
// verbatim because Terraform encodes unknown values as extensions (code 0, or 12 with
// refinements) and a plan must echo them byte for byte.

/** An extension value as read: its type code and raw payload. */
export class MsgpackExt {
  constructor(
    readonly type: number,
    readonly data: Uint8Array,
  ) {}
}

/** What the codec reads and writes; maps have string keys. */
export type Msgpack = null | boolean | number | string | Uint8Array | MsgpackExt | Msgpack[] | MsgpackMap;
export interface MsgpackMap {
  [key: string]: Msgpack;
}

/** Decodes one MessagePack value; throws on truncated input or trailing bytes. */
export function decodeMsgpack(bytes: Uint8Array): Msgpack {
  const reader = new Reader(bytes);
  const value = reader.value();
  if (reader.offset !== bytes.length)
    throw new Error(`msgpack: ${bytes.length - reader.offset} trailing bytes`);
  return value;
}

class Reader {
  offset = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  value(): Msgpack {
    const b = this.u8();
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if ((b & 0xf0) === 0x80) return this.map(b & 0x0f);
    if ((b & 0xf0) === 0x90) return this.array(b & 0x0f);
    if ((b & 0xe0) === 0xa0) return this.str(b & 0x1f);
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.take(this.u8()).slice();
      case 0xc5:
        return this.take(this.u16()).slice();
      case 0xc6:
        return this.take(this.u32()).slice();
      case 0xc7:
        return this.ext(this.u8());
      case 0xc8:
        return this.ext(this.u16());
      case 0xc9:
        return this.ext(this.u32());
      case 0xca:
        return this.read(4, (o) => this.view.getFloat32(o));
      case 0xcb:
        return this.read(8, (o) => this.view.getFloat64(o));
      case 0xcc:
        return this.u8();
      case 0xcd:
        return this.u16();
      case 0xce:
        return this.u32();
      case 0xcf:
        return Number(this.read(8, (o) => this.view.getBigUint64(o)));
      case 0xd0:
        return this.read(1, (o) => this.view.getInt8(o));
      case 0xd1:
        return this.read(2, (o) => this.view.getInt16(o));
      case 0xd2:
        return this.read(4, (o) => this.view.getInt32(o));
      case 0xd3:
        return Number(this.read(8, (o) => this.view.getBigInt64(o)));
      case 0xd4:
        return this.ext(1);
      case 0xd5:
        return this.ext(2);
      case 0xd6:
        return this.ext(4);
      case 0xd7:
        return this.ext(8);
      case 0xd8:
        return this.ext(16);
      case 0xd9:
        return this.str(this.u8());
      case 0xda:
        return this.str(this.u16());
      case 0xdb:
        return this.str(this.u32());
      case 0xdc:
        return this.array(this.u16());
      case 0xdd:
        return this.array(this.u32());
      case 0xde:
        return this.map(this.u16());
      case 0xdf:
        return this.map(this.u32());
      default:
        throw new Error(`msgpack: unsupported byte 0x${b.toString(16)} at ${this.offset - 1}`);
    }
  }

  private array(n: number): Msgpack[] {
    const out: Msgpack[] = [];
    for (let i = 0; i < n; i++) out.push(this.value());
    return out;
  }

  private map(n: number): MsgpackMap {
    const out: MsgpackMap = {};
    for (let i = 0; i < n; i++) {
      const key = this.value();
      if (typeof key !== "string") throw new Error("msgpack: map keys must be strings here");
      // defineProperty: a key such as "__proto__" must stay a plain key.
      Object.defineProperty(out, key, {
        value: this.value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  private str(n: number): string {
    return new TextDecoder("utf-8", { fatal: true }).decode(this.take(n));
  }

  private ext(n: number): MsgpackExt {
    const type = this.read(1, (o) => this.view.getInt8(o));
    return new MsgpackExt(type, this.take(n).slice());
  }

  private u8 = () => this.read(1, (o) => this.view.getUint8(o));
  private u16 = () => this.read(2, (o) => this.view.getUint16(o));
  private u32 = () => this.read(4, (o) => this.view.getUint32(o));

  private take(n: number): Uint8Array {
    return this.read(n, (o) => this.bytes.subarray(o, o + n));
  }

  private read<T>(n: number, get: (offset: number) => T): T {
    if (this.offset + n > this.bytes.length) throw new Error("msgpack: unexpected end of input");
    const value = get(this.offset);
    this.offset += n;
    return value;
  }
}

/** Encodes one value in the most compact format that keeps it exact. */
export function encodeMsgpack(value: Msgpack): Uint8Array {
  const out: number[] = [];
  write(value, out);
  return Uint8Array.from(out);
}

function write(value: Msgpack, out: number[]): void {
  if (value === null || value === undefined) out.push(0xc0);
  else if (typeof value === "boolean") out.push(value ? 0xc3 : 0xc2);
  else if (typeof value === "number") writeNumber(value, out);
  else if (typeof value === "string") writeString(value, out);
  else if (value instanceof Uint8Array) {
    header(value.length, [0xc4, 0xc5, 0xc6], out);
    pushAll(value, out);
  } else if (value instanceof MsgpackExt) writeExt(value, out);
  else if (Array.isArray(value)) {
    if (value.length < 16) out.push(0x90 | value.length);
    else header(value.length, [-1, 0xdc, 0xdd], out);
    for (const item of value) write(item, out);
  } else {
    const keys = Object.keys(value);
    if (keys.length < 16) out.push(0x80 | keys.length);
    else header(keys.length, [-1, 0xde, 0xdf], out);
    for (const key of keys) {
      writeString(key, out);
      write(value[key] as Msgpack, out);
    }
  }
}

function writeNumber(n: number, out: number[]): void {
  if (!Number.isSafeInteger(n)) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, n);
    out.push(0xcb, ...new Uint8Array(view.buffer));
  } else if (n >= 0 && n <= 0x7f) out.push(n);
  else if (n < 0 && n >= -32) out.push(n + 0x100);
  else if (n >= 0) {
    if (n <= 0xff) out.push(0xcc, n);
    else if (n <= 0xffff) out.push(0xcd, ...bigEndian(n, 2));
    else if (n <= 0xffffffff) out.push(0xce, ...bigEndian(n, 4));
    else out.push(0xcf, ...bigEndian(n, 8));
  } else {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigInt64(0, BigInt(n));
    out.push(0xd3, ...new Uint8Array(view.buffer));
  }
}

function writeString(s: string, out: number[]): void {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length < 32) out.push(0xa0 | bytes.length);
  else header(bytes.length, [0xd9, 0xda, 0xdb], out);
  pushAll(bytes, out);
}

function writeExt(ext: MsgpackExt, out: number[]): void {
  const fixed: Record<number, number> = { 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 };
  const code = fixed[ext.data.length];
  if (code !== undefined) out.push(code);
  else header(ext.data.length, [0xc7, 0xc8, 0xc9], out);
  out.push(ext.type & 0xff);
  pushAll(ext.data, out);
}

// A loop, not `push(...bytes)`: spreading a large payload would overflow the stack.
function pushAll(bytes: Uint8Array, out: number[]): void {
  for (const b of bytes) out.push(b);
}

/** Writes a length header: 8-, 16- or 32-bit form (a -1 code means the form does not exist). */
function header(n: number, [c8, c16, c32]: number[], out: number[]): void {
  if (n <= 0xff && c8 !== -1) out.push(c8!, n);
  else if (n <= 0xffff) out.push(c16!, ...bigEndian(n, 2));
  else out.push(c32!, ...bigEndian(n, 4));
}

function bigEndian(n: number, bytes: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  for (let i = 0; i < bytes; i++) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}
