import protobuf from "protobufjs";
import { wellKnownFromJson, wellKnownToJson } from "./well-known-json.ts";

/**
 * Envoy's configuration language is canonical proto3 JSON (what its docs, YAML bootstraps
 * and config dumps show): snake_case fields, `"@type"` inside `Any`, `"1.5s"` durations,
 * bare values for wrappers, plain JSON for `Struct`. Every resource the connector generates
 * is written in that form, then turned into protobufjs objects here — strictly: an unknown
 * field, a wrong type, two members of one oneof or an unresolvable `@type` is a problem
 * with its JSON pointer, as Envoy's own parser would refuse it.
 */

export type ProtoProblem = { path: string; problem: string };

export type JsonContext = {
  root: protobuf.Root;
  problems: ProtoProblem[];
  /** Called for every message value, for the validation rules (proto-rules.ts). */
  onMessage?: (type: protobuf.Type, json: Record<string, unknown>, path: string, ctx: JsonContext) => void;
};

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

export function problem(ctx: JsonContext, path: string, text: string): undefined {
  ctx.problems.push({ path: path || "/", problem: text });
  return undefined;
}

/** Canonical JSON → a protobufjs object form for `type.fromObject`. */
export function messageFromJson(
  type: protobuf.Type,
  json: unknown,
  path: string,
  ctx: JsonContext,
): Record<string, unknown> | undefined {
  const special = wellKnownFromJson(type, json, path, ctx);
  if (special !== null) return special;
  if (!isObject(json)) return problem(ctx, path, `expected an object (${type.fullName.slice(1)})`);
  ctx.onMessage?.(type, json, path, ctx);
  const out: Record<string, unknown> = {};
  const oneofSeen = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    const at = `${path}/${key}`;
    const field = type.fields[key] ?? type.fieldsArray.find((f) => camel(f.name) === key);
    if (!field) {
      problem(ctx, at, `unknown field "${key}" of ${type.fullName.slice(1)}`);
      continue;
    }
    if (value === null) continue;
    if (field.partOf) {
      const other = oneofSeen.get(field.partOf.name);
      if (other) problem(ctx, at, `oneof ${field.partOf.name} already has ${other}`);
      oneofSeen.set(field.partOf.name, key);
    }
    out[field.name] = fieldFromJson(field, value, at, ctx);
  }
  return out;
}

function fieldFromJson(field: protobuf.Field, value: unknown, path: string, ctx: JsonContext): unknown {
  field.resolve();
  if (field.map) {
    if (!isObject(value)) return problem(ctx, path, "expected an object (map)");
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, singleFromJson(field, v, `${path}/${k}`, ctx)]),
    );
  }
  if (field.repeated) {
    if (!Array.isArray(value)) return problem(ctx, path, "expected an array");
    return value.map((v, i) => singleFromJson(field, v, `${path}/${i}`, ctx));
  }
  return singleFromJson(field, value, path, ctx);
}

function singleFromJson(field: protobuf.Field, value: unknown, path: string, ctx: JsonContext): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return messageFromJson(resolved, value, path, ctx);
  if (resolved instanceof protobuf.Enum) {
    if (typeof value === "string" && value in resolved.values) return value;
    if (Number.isInteger(value)) return value;
    return problem(ctx, path, `not a value of enum ${resolved.name}: ${JSON.stringify(value)}`);
  }
  return scalarFromJson(field.type, value, path, ctx);
}

const int32Range: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
};

export function scalarFromJson(type: string, value: unknown, path: string, ctx: JsonContext): unknown {
  switch (type) {
    case "string":
      return typeof value === "string" ? value : problem(ctx, path, "expected a string");
    case "bool":
      return typeof value === "boolean" ? value : problem(ctx, path, "expected a boolean");
    case "bytes":
      return typeof value === "string" && /^[A-Za-z0-9+/=_-]*$/.test(value)
        ? Buffer.from(value, "base64")
        : problem(ctx, path, "expected base64 bytes");
    case "double":
    case "float":
      return typeof value === "number" ? value : problem(ctx, path, "expected a number");
    default: {
      const range = int32Range[type];
      if (range) {
        const ok = Number.isInteger(value) && (value as number) >= range[0] && (value as number) <= range[1];
        return ok ? value : problem(ctx, path, `expected an integer within ${type}`);
      }
      // 64-bit integers: a JSON number or a decimal string.
      const ok = Number.isSafeInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value));
      const unsigned = type.startsWith("u") || type.startsWith("fixed");
      if (!ok || (unsigned && String(value).startsWith("-"))) return problem(ctx, path, `expected ${type}`);
      return typeof value === "string" ? value : value;
    }
  }
}

/** A protobufjs 64-bit value (a Long), printed as a JSON number. */
export function isLong(v: unknown): boolean {
  return typeof v === "object" && v !== null && "low" in v && "high" in v;
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A decoded protobufjs message → canonical JSON (what Envoy prints in a config dump). */
export function messageToJson(type: protobuf.Type, msg: protobuf.Message): unknown {
  const special = wellKnownToJson(type, msg);
  if (special !== undefined) return special;
  const out: Record<string, unknown> = {};
  const m = msg as unknown as Record<string, unknown>;
  for (const field of type.fieldsArray) {
    if (!Object.hasOwn(m, field.name)) continue;
    const value = m[field.name];
    if (value === null || value === undefined) continue;
    field.resolve();
    if (field.map) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > 0)
        out[field.name] = Object.fromEntries(entries.map(([k, v]) => [k, single(field, v)]));
    } else if (field.repeated) {
      if ((value as unknown[]).length > 0)
        out[field.name] = (value as unknown[]).map((v) => single(field, v));
    } else {
      out[field.name] = single(field, value);
    }
  }
  return out;
}

function single(field: protobuf.Field, value: unknown): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return messageToJson(resolved, value as protobuf.Message);
  if (resolved instanceof protobuf.Enum) return resolved.valuesById[value as number] ?? value;
  if (field.type === "bytes") return Buffer.from(value as Uint8Array).toString("base64");
  if (isLong(value)) return Number(value);
  return value;
}
