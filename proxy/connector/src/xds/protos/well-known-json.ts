import type protobuf from "protobufjs";
import {
  isLong,
  isObject,
  type JsonContext,
  messageFromJson,
  messageToJson,
  problem,
  scalarFromJson,
} from "./proto-json.ts";

/**
 * The proto3 JSON mappings of the well-known types Envoy's API uses (Any, Duration,
 * Timestamp, wrappers, Struct/Value/ListValue, Empty). `null` from wellKnownFromJson means
 * "not a well-known type"; `undefined` a problem already recorded.
 */

const wrapperScalar: Record<string, string> = {
  ".google.protobuf.DoubleValue": "double",
  ".google.protobuf.FloatValue": "float",
  ".google.protobuf.Int64Value": "int64",
  ".google.protobuf.UInt64Value": "uint64",
  ".google.protobuf.Int32Value": "int32",
  ".google.protobuf.UInt32Value": "uint32",
  ".google.protobuf.BoolValue": "bool",
  ".google.protobuf.StringValue": "string",
  ".google.protobuf.BytesValue": "bytes",
};

export function wellKnownFromJson(
  type: protobuf.Type,
  json: unknown,
  path: string,
  ctx: JsonContext,
): Record<string, unknown> | undefined | null {
  const name = type.fullName;
  const scalar = wrapperScalar[name];
  if (scalar) {
    const value = scalarFromJson(scalar, json, path, ctx);
    return value === undefined ? undefined : { value };
  }
  switch (name) {
    case ".google.protobuf.Any":
      return anyFromJson(json, path, ctx);
    case ".google.protobuf.Duration":
    case ".google.protobuf.Timestamp":
      return secondsFromJson(name, json, path, ctx);
    case ".google.protobuf.Struct":
      if (!isObject(json)) return problem(ctx, path, "expected a JSON object (Struct)");
      return { fields: Object.fromEntries(Object.entries(json).map(([k, v]) => [k, valueFromJson(v)])) };
    case ".google.protobuf.Value":
      return valueFromJson(json);
    case ".google.protobuf.ListValue":
      if (!Array.isArray(json)) return problem(ctx, path, "expected an array (ListValue)");
      return { values: json.map(valueFromJson) };
    case ".google.protobuf.Empty":
      if (!isObject(json) || Object.keys(json).length > 0) return problem(ctx, path, "expected {} (Empty)");
      return {};
    default:
      return null;
  }
}

function anyFromJson(json: unknown, path: string, ctx: JsonContext): Record<string, unknown> | undefined {
  if (!isObject(json) || typeof json["@type"] !== "string") return problem(ctx, path, 'an Any needs "@type"');
  const url = json["@type"];
  let inner: protobuf.Type;
  try {
    inner = ctx.root.lookupType(url.slice(url.lastIndexOf("/") + 1));
  } catch {
    return problem(ctx, `${path}/@type`, `unknown type ${url}`);
  }
  const { "@type": _, ...rest } = json;
  const body = inner.fullName.startsWith(".google.protobuf.") && "value" in rest ? rest.value : rest;
  const before = ctx.problems.length;
  const obj = messageFromJson(inner, body, path, ctx);
  if (!obj || ctx.problems.length > before) return undefined;
  return { type_url: url, value: inner.encode(inner.fromObject(obj)).finish() };
}

function secondsFromJson(name: string, json: unknown, path: string, ctx: JsonContext) {
  if (name === ".google.protobuf.Timestamp") {
    const ms = typeof json === "string" ? Date.parse(json) : Number.NaN;
    if (Number.isNaN(ms)) return problem(ctx, path, "expected an RFC 3339 timestamp");
    return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
  }
  const m = typeof json === "string" ? /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(json) : null;
  if (!m) return problem(ctx, path, 'expected a duration like "1.5s"');
  const sign = m[1] ? -1 : 1;
  return { seconds: sign * Number(m[2]), nanos: sign * Number((m[3] ?? "").padEnd(9, "0")) };
}

// protobufjs defines Struct/Value itself, with camelCase field names even under keepCase.
function valueFromJson(v: unknown): Record<string, unknown> {
  if (v === null) return { nullValue: "NULL_VALUE" };
  if (typeof v === "number") return { numberValue: v };
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(valueFromJson) } };
  return {
    structValue: {
      fields: Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, valueFromJson(x)])),
    },
  };
}

export function wellKnownToJson(type: protobuf.Type, msg: protobuf.Message): unknown {
  const m = msg as unknown as Record<string, unknown>;
  const name = type.fullName;
  if (wrapperScalar[name]) {
    const v = m.value;
    if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
    return isLong(v) ? Number(v) : (v ?? defaultOf(wrapperScalar[name]!));
  }
  switch (name) {
    case ".google.protobuf.Any": {
      const url = String(m.type_url);
      const inner = type.root.lookupType(url.slice(url.lastIndexOf("/") + 1));
      const body = messageToJson(inner, inner.decode(m.value as Uint8Array));
      return inner.fullName.startsWith(".google.protobuf.") && !isObject(body)
        ? { "@type": url, value: body }
        : { "@type": url, ...(body as object) };
    }
    case ".google.protobuf.Duration": {
      const seconds = Number(m.seconds ?? 0);
      const nanos = Number(m.nanos ?? 0);
      const frac = nanos ? `.${String(Math.abs(nanos)).padStart(9, "0").replace(/0+$/, "")}` : "";
      return `${seconds < 0 || nanos < 0 ? "-" : ""}${Math.abs(seconds)}${frac}s`;
    }
    case ".google.protobuf.Timestamp":
      return new Date(Number(m.seconds ?? 0) * 1000 + Number(m.nanos ?? 0) / 1e6).toISOString();
    case ".google.protobuf.Struct":
      return structToJson(m);
    case ".google.protobuf.Value":
      return valueToJson(m);
    case ".google.protobuf.ListValue":
      return ((m.values as Record<string, unknown>[]) ?? []).map(valueToJson);
    case ".google.protobuf.Empty":
      return {};
    default:
      return undefined;
  }
}

function defaultOf(scalar: string): unknown {
  return scalar === "bool" ? false : scalar === "string" ? "" : 0;
}

function structToJson(m: Record<string, unknown>): Record<string, unknown> {
  const fields = (m.fields ?? {}) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, valueToJson(v)]));
}

function valueToJson(v: Record<string, unknown>): unknown {
  if (Object.hasOwn(v, "numberValue")) return v.numberValue;
  if (Object.hasOwn(v, "stringValue")) return v.stringValue;
  if (Object.hasOwn(v, "boolValue")) return v.boolValue;
  if (Object.hasOwn(v, "structValue")) return structToJson(v.structValue as Record<string, unknown>);
  if (Object.hasOwn(v, "listValue"))
    return (((v.listValue as Record<string, unknown>).values as Record<string, unknown>[]) ?? []).map(
      valueToJson,
    );
  return null;
}
