import { MsgpackExt } from "./msgpack.ts";

/**
 * A value Terraform does not know yet (it will after apply). It keeps the extension bytes
 * Terraform sent, refinements included, so a plan can hand the very same value back:
 * Terraform compares planned and configured unknowns exactly.
 */
export class Unknown {
  constructor(readonly raw: MsgpackExt = new MsgpackExt(0, new Uint8Array([0]))) {}
}

/** A fresh, unrefined unknown value (for computed attributes the provider will set). */
export const unknown = (): Unknown => new Unknown();

/** A Terraform value in JavaScript: objects and maps are plain objects, lists and sets arrays. */
export type Value = null | Unknown | string | number | boolean | Value[] | ObjectValue;
export interface ObjectValue {
  [attribute: string]: Value;
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

export function isObjectValue(v: Value | undefined): v is ObjectValue {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(v: Value): boolean {
  if (v instanceof Unknown) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObjectValue(v)) return Object.values(v).some(containsUnknown);
  return false;
}

/** Structural equality; unknowns are equal only to unknowns carrying the same bytes. */
export function valuesEqual(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (a instanceof Unknown || b instanceof Unknown) {
    return (
      a instanceof Unknown &&
      b instanceof Unknown &&
      a.raw.type === b.raw.type &&
      Buffer.compare(Buffer.from(a.raw.data), Buffer.from(b.raw.data)) === 0
    );
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]))
    );
  }
  if (isObjectValue(a) && isObjectValue(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => valuesEqual(a[k] ?? null, b[k] ?? null));
  }
  return false;
}
