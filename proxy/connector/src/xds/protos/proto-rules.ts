import type protobuf from "protobufjs";
import { isObject, type JsonContext, problem } from "./proto-json.ts";

/**
 * The protoc-gen-validate rules Envoy enforces when it loads config (`(validate.rules)`
 * and `(validate.required)` on its API), checked on generated JSON: required messages and
 * oneofs, string lengths and patterns, numeric and duration bounds, list sizes. Plus
 * deprecated fields, which Envoy warns about (and refuses when disallowed by default):
 * here they fail unless explicitly allowed (grpc-js-xds still reads a few).
 * Not every PGV rule is implemented; the ones Envoy's API uses most are (see the README).
 */

type Rules = Record<string, Record<string, unknown>>;

function fieldRules(field: protobuf.Field): Rules | null {
  const opts = (field.parsedOptions ?? []) as Record<string, unknown>[];
  const merged: Rules = {};
  for (const o of opts) {
    const r = o["(validate.rules)"];
    if (isObject(r)) for (const [k, v] of Object.entries(r)) merged[k] = { ...merged[k], ...(v as object) };
  }
  return Object.keys(merged).length > 0 ? merged : null;
}

export function checkRules(
  type: protobuf.Type,
  json: Record<string, unknown>,
  path: string,
  ctx: JsonContext,
  allowDeprecated: ReadonlySet<string>,
): void {
  for (const field of type.fieldsArray) {
    const raw = json[field.name];
    const present = raw !== undefined && raw !== null;
    const at = `${path}/${field.name}`;
    const qualified = `${type.fullName.slice(1)}.${field.name}`;
    if (present && field.options?.deprecated && !allowDeprecated.has(qualified))
      problem(ctx, at, `deprecated field ${qualified}`);
    const rules = fieldRules(field);
    if (!rules) continue;
    // Rules on a oneof member apply only when that member is the one set.
    if (
      !present &&
      !field.partOf &&
      (rules.message?.required || rules.duration?.required || rules.any?.required)
    )
      problem(ctx, at, "required");
    if (field.map) {
      const pairs = present ? Object.keys(raw as object).length : 0;
      if (typeof rules.map?.min_pairs === "number" && pairs < rules.map.min_pairs)
        problem(ctx, at, `at least ${rules.map.min_pairs} entries`);
    } else if (field.repeated) {
      const items = present ? (raw as unknown[]) : [];
      const r = rules.repeated ?? {};
      if (typeof r.min_items === "number" && items.length < r.min_items)
        problem(ctx, at, `at least ${r.min_items} items`);
      if (typeof r.max_items === "number" && items.length > r.max_items)
        problem(ctx, at, `at most ${r.max_items} items`);
      if (isObject(r.items))
        for (const [i, v] of items.entries()) checkValue(r.items as Rules, v, `${at}/${i}`, ctx);
    } else if (present || !field.resolvedType) {
      if (present || !field.partOf) checkValue(rules, present ? raw : defaultScalar(field), at, ctx);
    }
  }
  for (const oneof of type.oneofsArray) {
    const required = ((oneof.parsedOptions ?? []) as Record<string, unknown>[]).some(
      (o) => o["(validate.required)"],
    );
    if (required && !oneof.fieldsArray.some((f) => json[f.name] !== undefined && json[f.name] !== null))
      problem(ctx, `${path}/${oneof.name}`, `one of ${oneof.oneof.join(", ")} is required`);
  }
}

function defaultScalar(field: protobuf.Field): unknown {
  if (field.type === "string") return "";
  if (field.type === "bool") return false;
  return 0;
}

function checkValue(rules: Rules, value: unknown, at: string, ctx: JsonContext): void {
  const s = rules.string;
  if (s && typeof value === "string" && !(s.ignore_empty && value === "")) {
    if (typeof s.min_len === "number" && [...value].length < s.min_len)
      problem(ctx, at, `at least ${s.min_len} characters`);
    if (typeof s.max_bytes === "number" && Buffer.byteLength(value) > s.max_bytes)
      problem(ctx, at, `at most ${s.max_bytes} bytes`);
    if (typeof s.pattern === "string" && !safeRegex(s.pattern).test(value))
      problem(ctx, at, `must match ${s.pattern}`);
    if (Array.isArray(s.in) && !s.in.includes(value)) problem(ctx, at, `must be one of ${s.in.join(", ")}`);
  }
  for (const kind of ["uint32", "uint64", "int32", "int64", "double"]) {
    const r = rules[kind];
    if (r && value !== undefined) bounds(r, Number(value), at, ctx, String);
  }
  const d = rules.duration;
  if (d && typeof value === "string") {
    const ms = Number.parseFloat(value) * 1000;
    bounds(
      Object.fromEntries(Object.entries(d).flatMap(([k, v]) => (isObject(v) ? [[k, durationMs(v)]] : []))),
      ms,
      at,
      ctx,
      (n) => `${n} ms`,
    );
  }
  if (rules.enum && Array.isArray(rules.enum.not_in) && rules.enum.not_in.includes(value))
    problem(ctx, at, `value ${String(value)} is not allowed`);
  if (rules.bool && typeof rules.bool.const === "boolean" && value !== rules.bool.const)
    problem(ctx, at, `must be ${rules.bool.const}`);
}

function bounds(
  r: Record<string, unknown>,
  n: number,
  at: string,
  ctx: JsonContext,
  show: (n: number) => string,
) {
  if (typeof r.gt === "number" && !(n > r.gt)) problem(ctx, at, `must be > ${show(r.gt)}`);
  if (typeof r.gte === "number" && !(n >= r.gte)) problem(ctx, at, `must be >= ${show(r.gte)}`);
  if (typeof r.lt === "number" && !(n < r.lt)) problem(ctx, at, `must be < ${show(r.lt)}`);
  if (typeof r.lte === "number" && !(n <= r.lte)) problem(ctx, at, `must be <= ${show(r.lte)}`);
}

function durationMs(v: Record<string, unknown>): number {
  return Number(v.seconds ?? 0) * 1000 + Number(v.nanos ?? 0) / 1e6;
}

/** PGV patterns are RE2; the ones in Envoy's API are also valid JavaScript. */
function safeRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return /.*/;
  }
}
