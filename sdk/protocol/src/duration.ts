import { z } from "zod";

// Gateway API's duration format (GEP-2257): up to four number+unit pairs, e.g. "1h30m", "250ms".
const durationPattern = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

export const durationSchema = z
  .string()
  .regex(durationPattern, 'must be a duration such as "500ms", "10s" or "1h30m"');

/** Parses a GEP-2257 duration into milliseconds. Throws on a malformed value. */
export function parseDurationMs(value: string): number {
  if (!durationPattern.test(value)) throw new Error(`invalid duration "${value}"`);
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/([0-9]+)(ms|h|m|s)/g)) {
    total += Number(amount) * (unitMs[unit as string] ?? 0);
  }
  return total;
}
