import type { FieldError } from "@trellis/sdk";

/** Field errors grouped by the form field they belong to, plus those that fit no field. */
export interface FormErrors {
  byField: Record<string, string[]>;
  other: string[];
}

/**
 * Sorts an API problem's JSON-pointer errors onto a form's fields. A pointer belongs to a
 * field when its first segment is the field name (`/password` → `password`); the rest go to
 * the form-level message so nothing the server said is lost. Pure.
 */
export function errorsByField(errors: readonly FieldError[], fields: readonly string[]): FormErrors {
  const byField: Record<string, string[]> = {};
  const other: string[] = [];
  for (const e of errors) {
    const first = e.pointer.split("/")[1] ?? "";
    if (fields.includes(first)) byField[first] = [...(byField[first] ?? []), e.detail];
    else other.push(e.pointer ? `${e.pointer}: ${e.detail}` : e.detail);
  }
  return { byField, other };
}

/** "Try again in 2 minutes": a Retry-After in words; null when unknown. */
export function retryAfterText(ms: number | undefined): string | null {
  if (ms === undefined || !Number.isFinite(ms)) return null;
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 90) return `Try again in ${s} second${s === 1 ? "" : "s"}.`;
  const m = Math.ceil(s / 60);
  return `Try again in ${m} minute${m === 1 ? "" : "s"}.`;
}
