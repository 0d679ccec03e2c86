import { describe, expect, it } from "vitest";
import { decodeMsgpack, encodeMsgpack, type Msgpack, MsgpackExt } from "./msgpack.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const roundTrip = (v: Msgpack) => decodeMsgpack(encodeMsgpack(v));

describe("msgpack", () => {
  it("round-trips every kind of value the wire format uses", () => {
    const value: Msgpack = {
      s: "héllo",
      long: "x".repeat(300),
      n: [
        0,
        1,
        127,
        128,
        255,
        256,
        65535,
        65536,
        2 ** 32,
        -1,
        -32,
        -33,
        -200,
        -40000,
        -(2 ** 40),
        1.5,
        -0.25,
      ],
      b: [true, false, null],
      bin: new Uint8Array([1, 2, 3]),
      nested: { list: Array.from({ length: 20 }, (_, i) => i) },
    };
    expect(roundTrip(value)).toEqual(value);
  });

  it("writes the compact forms", () => {
    expect(hex(encodeMsgpack(5))).toBe("05");
    expect(hex(encodeMsgpack(-1))).toBe("ff");
    expect(hex(encodeMsgpack(200))).toBe("ccc8");
    expect(hex(encodeMsgpack("ab"))).toBe("a26162");
    expect(hex(encodeMsgpack({ a: null }))).toBe("81a161c0");
    expect(hex(encodeMsgpack(0.5))).toBe("cb3fe0000000000000");
  });

  it("keeps extension values byte for byte (Terraform's unknown values)", () => {
    // An unknown known not to be null: extension 12 with a refinement map {1: false}.
    const decoded = decodeMsgpack(new Uint8Array([0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc2]));
    expect(decoded).toBeInstanceOf(MsgpackExt);
    expect((decoded as MsgpackExt).type).toBe(12);
    expect(hex(encodeMsgpack(decoded))).toBe("c7030c8101c2");
    expect(decodeMsgpack(encodeMsgpack(new MsgpackExt(0, new Uint8Array([0]))))).toEqual(
      new MsgpackExt(0, new Uint8Array([0])),
    );
  });

  it("reads the 16- and 32-bit forms Terraform may choose", () => {
    expect(decodeMsgpack(new Uint8Array([0xda, 0x00, 0x01, 0x61]))).toBe("a");
    expect(decodeMsgpack(new Uint8Array([0xdc, 0x00, 0x01, 0x07]))).toEqual([7]);
    expect(decodeMsgpack(new Uint8Array([0xdf, 0, 0, 0, 1, 0xa1, 0x6b, 0xc3]))).toEqual({ k: true });
    expect(decodeMsgpack(new Uint8Array([0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]))).toBe(-2);
  });

  it("refuses truncated input and trailing bytes", () => {
    expect(() => decodeMsgpack(new Uint8Array([0xa3, 0x61]))).toThrow(/unexpected end/);
    expect(() => decodeMsgpack(new Uint8Array([0x01, 0x02]))).toThrow(/trailing/);
  });

  it("keeps a __proto__ key a plain key", () => {
    const decoded = decodeMsgpack(encodeMsgpack(JSON.parse('{"__proto__": 1}') as Msgpack)) as Record<
      string,
      unknown
    >;
    expect(Object.keys(decoded)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
  });
});
