// Terraform values ⇄ their wire forms, driven by the type (docs: Terraform's
// plugin-protocol/object-wire-format.md). Msgpack is what Terraform sends and what we
// answer; JSON appears in stored state handed to UpgradeResourceState.
import { type Msgpack, MsgpackExt, type MsgpackMap } from "./msgpack.ts";
import type { CtyType } from "./types.ts";
import { isObjectValue, type ObjectValue, Unknown, type Value } from "./value.ts";

/** Reads a decoded msgpack value as a value of `type`. Any extension is an unknown value. */
export function fromMsgpack(type: CtyType, raw: Msgpack, path = ""): Value {
  if (raw instanceof MsgpackExt) return new Unknown(raw);
  return convert(type, raw, path, fromMsgpack);
}

/**
 * Reads a JSON value as a value of `type`. Object attributes the type does not declare
 * are dropped and missing ones become null: that is how a state written by an older
 * provider version fits the current schema.
 */
export function fromJson(type: CtyType, raw: unknown, path = ""): Value {
  return convert(type, raw as Msgpack, path, fromJson);
}

type Reader = (type: CtyType, raw: Msgpack, path: string) => Value;

function convert(type: CtyType, raw: Msgpack, path: string, read: Reader): Value {
  if (raw === null || raw === undefined) return null;
  if (type === "string") return expect(typeof raw === "string", raw, path, type) as string;
  if (type === "bool") return expect(typeof raw === "boolean", raw, path, type) as boolean;
  if (type === "number") {
    // Terraform sends numbers that do not fit a float64 exactly as decimal strings.
    if (typeof raw === "string" && raw.trim() !== "" && !Number.isNaN(Number(raw))) return Number(raw);
    return expect(typeof raw === "number", raw, path, type) as number;
  }
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    const items = expect(Array.isArray(raw), raw, path, type) as Msgpack[];
    return items.map((item, i) => read(inner, item, `${path}[${i}]`));
  }
  if (kind === "tuple") {
    const items = expect(Array.isArray(raw), raw, path, type) as Msgpack[];
    return inner.map((t, i) => read(t, items[i] ?? null, `${path}[${i}]`));
  }
  const map = expect(isPlainObject(raw), raw, path, type) as MsgpackMap;
  const out: ObjectValue = {};
  if (kind === "map") {
    for (const [k, v] of Object.entries(map)) define(out, k, read(inner, v, `${path}["${k}"]`));
  } else {
    for (const [k, t] of Object.entries(inner))
      define(out, k, read(t, map[k] ?? null, path ? `${path}.${k}` : k));
  }
  return out;
}

/** Writes a value of `type` for msgpack; object types always carry every attribute. */
export function toMsgpack(type: CtyType, value: Value | undefined): Msgpack {
  if (value === null || value === undefined) return null;
  if (value instanceof Unknown) return value.raw;
  if (typeof type === "string") return value as Msgpack;
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") return (value as Value[]).map((v) => toMsgpack(inner, v));
  if (kind === "tuple") return inner.map((t, i) => toMsgpack(t, (value as Value[])[i]));
  const obj = value as ObjectValue;
  const out: MsgpackMap = {};
  if (kind === "map") for (const [k, v] of Object.entries(obj)) define(out, k, toMsgpack(inner, v));
  else for (const [k, t] of Object.entries(inner)) define(out, k, toMsgpack(t, obj[k]));
  return out;
}

function define<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(raw: Msgpack): boolean {
  return isObjectValue(raw as Value) && !(raw instanceof Uint8Array);
}

function expect(ok: boolean, raw: unknown, path: string, type: CtyType): unknown {
  if (!ok) throw new TypeError(`${path || "value"}: expected ${JSON.stringify(type)}, got ${describe(raw)}`);
  return raw;
}

function describe(raw: unknown): string {
  if (Array.isArray(raw)) return "an array";
  if (raw instanceof Uint8Array) return "bytes";
  return typeof raw;
}
