import { describe, expect, it } from "vitest";
import { readDynamicValue, writeDynamicValue } from "./dynamic-value.ts";
import { decodeMsgpack, encodeMsgpack, MsgpackExt } from "./msgpack.ts";
import type { CtyType } from "./types.ts";
import { Unknown, valuesEqual } from "./value.ts";
import { fromJson, fromMsgpack, toMsgpack } from "./wire.ts";

const type: CtyType = ["object", { name: "string", weight: "number", tags: ["list", "string"], on: "bool" }];

describe("Terraform values on the wire", () => {
  it("reads an object, with absent attributes as null", () => {
    expect(fromMsgpack(type, { name: "web", weight: 5 })).toEqual({
      name: "web",
      weight: 5,
      tags: null,
      on: null,
    });
  });

  it("reads numbers Terraform sends as decimal strings", () => {
    expect(fromMsgpack("number", "12.5")).toBe(12.5);
  });

  it("reads any extension as unknown and writes it back unchanged", () => {
    const refined = new MsgpackExt(12, new Uint8Array([0x81, 0x01, 0xc2]));
    const value = fromMsgpack(type, { name: refined, weight: 1, tags: [], on: true });
    expect((value as { name: Unknown }).name).toBeInstanceOf(Unknown);
    const again = decodeMsgpack(encodeMsgpack(toMsgpack(type, value)));
    expect((again as { name: MsgpackExt }).name).toEqual(refined);
    expect(valuesEqual(value, fromMsgpack(type, again))).toBe(true);
  });

  it("writes every attribute of an object type, null when missing", () => {
    expect(toMsgpack(type, { name: "web" })).toEqual({ name: "web", weight: null, tags: null, on: null });
  });

  it("reads stored JSON state into the current schema: new attributes null, removed ones dropped", () => {
    const stored = { name: "web", weight: 5, tags: ["a"], on: true, removed_in_this_version: "x" };
    expect(fromJson(["object", { name: "string", weight: "number", added: "string" }], stored)).toEqual({
      name: "web",
      weight: 5,
      added: null,
    });
  });

  it("refuses a value of the wrong type, naming where", () => {
    expect(() => fromMsgpack(type, { name: 5 })).toThrow(/name: expected "string", got number/);
  });

  it("round-trips a DynamicValue through msgpack", () => {
    const v = { name: "web", weight: 90, tags: ["x"], on: false };
    expect(readDynamicValue(type, writeDynamicValue(type, v) as never)).toEqual(v);
    expect(
      readDynamicValue(type, { msgpack: Buffer.alloc(0), json: Buffer.from(JSON.stringify(v)) }),
    ).toEqual(v);
  });
});
