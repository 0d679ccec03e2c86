// Planning rules shared by the resources: what stays, what becomes "known after apply",
// and which changes force a new object.
import { isUnknown, type ObjectValue, unknown, type Value, valuesEqual } from "../cty/value.ts";
import type { Block } from "../schema/model.ts";
import type { AttrPath } from "../schema/spec-codec.ts";

export interface ComputedRules {
  /** Attributes only the provider sets. */
  computed: string[];
  /** Of those, the ones an update leaves as they were (ids, secrets shown once). */
  stable: string[];
}

/**
 * The final plan: when nothing the user controls changed, the prior state itself (an
 * empty plan); otherwise the proposal with computed attributes unknown on create, and the
 * volatile ones (ETags, versions) unknown on update.
 */
export function settleComputed(
  planned: ObjectValue,
  prior: ObjectValue | null,
  rules: ComputedRules,
): ObjectValue {
  const computed = new Set(rules.computed);
  if (prior && Object.keys(planned).every((k) => computed.has(k) || valuesEqual(planned[k], prior[k])))
    return prior;
  const out = { ...planned };
  for (const k of rules.computed) {
    out[k] = prior && rules.stable.includes(k) ? (prior[k] ?? null) : unknown();
  }
  return out;
}

/** Paths of `attributes` whose change forces a new object. */
export function replaceOnChange(
  prior: ObjectValue | null,
  planned: ObjectValue,
  attributes: string[],
): AttrPath[] {
  if (!prior) return [];
  return attributes.filter((a) => !valuesEqual(prior[a], planned[a])).map((a) => [a]);
}

/** An object with every attribute and block of `block`: null, or [] for list blocks. */
export function completeObject(block: Block, values: ObjectValue): ObjectValue {
  const out: ObjectValue = {};
  for (const a of block.attributes) out[a.name] = values[a.name] ?? null;
  for (const b of block.blocks) out[b.name] = values[b.name] ?? (b.nesting === "list" ? [] : null);
  return out;
}

/** A known string, or undefined (null or unknown). */
export function knownString(v: Value | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function knownNumber(v: Value | undefined): number | undefined {
  return typeof v === "number" ? v : undefined;
}

export function isKnown(v: Value | undefined): boolean {
  return v !== undefined && !isUnknown(v);
}

/** `a/b` import ids: the two parts, or undefined. */
export function splitPair(id: string): [string, string] | undefined {
  const parts = id.split("/");
  return parts.length === 2 && parts[0] && parts[1] ? [parts[0], parts[1]] : undefined;
}
