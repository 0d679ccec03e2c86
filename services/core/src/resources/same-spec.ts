import { isDeepStrictEqual } from "node:util";

/** PostgreSQL jsonb reorders object keys, so specs are compared structurally, not as text. */
export function sameSpec(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}
