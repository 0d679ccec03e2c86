/** A decoded form body: nested objects and arrays of strings, as Stripe reads `a[b][0]=c`. */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

/**
 * Decodes an `application/x-www-form-urlencoded` body with Stripe's bracket notation
 * (`line_items[0][price]=price_x`, `metadata[org]=y`) into nested values. Numeric segments
 * make arrays, as the SDK writes them (indexed, in order).
 */
export function decodeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const [head, ...rest] = rawKey.split("[");
    const path = [head!, ...rest.map((s) => s.replace(/\]$/, ""))];
    let node: FormObject | FormValue[] = root;
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!;
      const last = i === path.length - 1;
      const slot = Array.isArray(node) ? Number(key) : key;
      if (last) {
        (node as Record<string | number, FormValue>)[slot] = value;
        break;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1]!);
      const existing = (node as Record<string | number, FormValue>)[slot];
      const child = existing ?? (nextIsIndex ? [] : {});
      (node as Record<string | number, FormValue>)[slot] = child;
      node = child as FormObject | FormValue[];
    }
  }
  return root;
}

/** A string field of a decoded form, or undefined. */
export const str = (form: FormObject, key: string): string | undefined =>
  typeof form[key] === "string" ? (form[key] as string) : undefined;

/** A nested object field (metadata, payload), or {}. */
export const obj = (form: FormObject, key: string): Record<string, string> => {
  const v = form[key];
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, string>) : {};
};
