import type { DynamicValue, DynamicValueInput } from "../protocol/index.ts";
import { decodeMsgpack, encodeMsgpack } from "./msgpack.ts";
import type { CtyType } from "./types.ts";
import type { Value } from "./value.ts";
import { fromJson, fromMsgpack, toMsgpack } from "./wire.ts";

/** Reads a `DynamicValue` (msgpack, or JSON when msgpack is empty); an absent one is null. */
export function readDynamicValue(type: CtyType, dv: DynamicValue | null | undefined): Value {
  if (!dv) return null;
  if (dv.msgpack && dv.msgpack.length > 0) return fromMsgpack(type, decodeMsgpack(dv.msgpack));
  if (dv.json && dv.json.length > 0) return fromJson(type, JSON.parse(Buffer.from(dv.json).toString("utf8")));
  return null;
}

/** Writes a `DynamicValue` as msgpack, the encoding Terraform accepts in every answer. */
export function writeDynamicValue(type: CtyType, value: Value): DynamicValueInput {
  return { msgpack: Buffer.from(encodeMsgpack(toMsgpack(type, value))) };
}
