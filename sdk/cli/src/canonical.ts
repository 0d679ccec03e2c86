import { stringify } from "yaml";

/** The value with object keys sorted at every level, so equal specs compare and print alike. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}

/** Whether two JSON values are equal, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** YAML with sorted keys, for diffs. */
export function canonicalYaml(value: unknown): string {
  return value === undefined ? "" : stringify(canonical(value), { lineWidth: 0 }).trimEnd();
}
