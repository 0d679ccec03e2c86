import { z } from "zod";

// Gateway API's duration format (GEP-2257): up to four number+unit pairs, e.g. "1h30m", "250ms".
const durationPattern = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * The longest duration a proxy can wait for: Node (and browsers) fire a timer longer than
 * 2³¹−1 ms at once, so a longer timeout would act as none. GEP-2257 lets an implementation
 * refuse durations it cannot honour.
 */
export const maxDurationMs = 2 ** 31 - 1;

/** A GEP-2257 duration of at most `maxDurationMs` (596h31m23s647ms). */
export const durationSchema = z
  .string()
  .regex(durationPattern, 'must be a duration such as "500ms", "10s" or "1h30m"')
  // zod runs every check, so this one must not choke on what the pattern already refused.
  .refine((d) => !durationPattern.test(d) || parseDurationMs(d) <= maxDurationMs, {
    message: "must be at most 596h (the longest timer a proxy can set)",
  });

/** Parses a GEP-2257 duration into milliseconds. Throws on a malformed value. */
export function parseDurationMs(value: string): number {
  if (!durationPattern.test(value)) throw new Error(`invalid duration "${value}"`);
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/([0-9]+)(ms|h|m|s)/g)) {
    total += Number(amount) * (unitMs[unit as string] ?? 0);
  }
  return total;
}

/** The duration in milliseconds, or null when it is not a valid GEP-2257 duration. */
export function durationMsOrNull(value: string): number | null {
  return durationPattern.test(value) ? parseDurationMs(value) : null;
}
