import { parseDurationMs } from "@trellis/protocol/duration";

/** The longest duration snapshot v2 carries (its `msSchema`): 7 days. */
export const maxMs = 7 * 24 * 3_600_000;

/**
 * A GEP-2257 duration in milliseconds; 0 when absent (Gateway API: no timeout). Clamped to
 * 7 days, because "99999h" is a valid duration but not a useful timeout.
 */
export function msOf(duration: string | undefined): number {
  return duration === undefined ? 0 : Math.min(parseDurationMs(duration), maxMs);
}

/** A percentage (0–100, fractions allowed) as parts per million, exact to 1/10,000 %. */
export function perMillionOf(percent: number): number {
  return Math.min(1_000_000, Math.max(0, Math.round(percent * 10_000)));
}

/**
 * Escapes a literal for a regular expression. Only syntax characters are escaped: RE2 and
 * ECMAScript (also with the `u` flag, which refuses `\-`) read the result alike.
 */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
