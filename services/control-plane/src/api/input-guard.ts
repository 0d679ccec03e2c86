import type { FieldError } from "@trellis/protocol/errors";

/** The deepest nesting a request may have: real bodies stay under ten levels. */
export const maxInputDepth = 32;
const maxErrors = 10;

/**
 * What no field of any route may hold, checked once for every route before its schema:
 * a NUL byte (PostgreSQL text and jsonb cannot store one), an unpaired UTF-16 surrogate
 * (not Unicode, and jsonb refuses its escape), a `__proto__` key (a prototype trap in any
 * code that copies the object by assignment) and nesting deeper than `maxInputDepth`.
 * Iterative, so a hostile depth cannot overflow the stack. Pure.
 */
export function unsafeInput(value: unknown, base = ""): FieldError[] {
  const errors: FieldError[] = [];
  type Item = { value: unknown; pointer: string; depth: number; key?: string };
  const stack: Item[] = [{ value, pointer: base, depth: 0 }];
  while (stack.length > 0 && errors.length < maxErrors) {
    const { value: v, pointer, depth, key } = stack.pop()!;
    const keyWhy =
      key === undefined ? null : key === "__proto__" ? "is not an allowed key" : unsafeString(key);
    if (keyWhy) {
      errors.push({ pointer, detail: `(the key) ${keyWhy}` });
      continue;
    }
    if (typeof v === "string") {
      const why = unsafeString(v);
      if (why) errors.push({ pointer, detail: why });
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= maxInputDepth) {
      errors.push({ pointer, detail: `is nested deeper than ${maxInputDepth} levels` });
      continue;
    }
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    // Pushed last to first, so errors come out in document order.
    for (const [k, child] of entries.reverse()) {
      const item: Item = { value: child, pointer: `${pointer}/${escapePointer(k)}`, depth: depth + 1 };
      if (!Array.isArray(v)) item.key = k;
      stack.push(item);
    }
  }
  return errors;
}

// With the u flag a well-formed pair reads as one code point; only a lone half is `Cs`.
const loneSurrogate = /\p{Cs}/u;

/** Why a string cannot be stored or compared safely, or null when it can. Pure. */
export function unsafeString(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL byte (\\u0000)";
  if (loneSurrogate.test(s)) return "contains an unpaired UTF-16 surrogate (not valid Unicode)";
  return null;
}

function escapePointer(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}
