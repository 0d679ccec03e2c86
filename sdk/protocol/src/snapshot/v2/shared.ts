import { z } from "zod";

/**
 * Building blocks of snapshot v2 that several parts share. Every value is already
 * resolved: durations are integer milliseconds, shares are parts per million (Envoy's
 * `FractionalPercent` with a MILLION denominator, so 5/1000 is exactly 5000), header
 * names are lower case.
 */

export const msSchema = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3_600_000);

/** A share of requests, 0–1,000,000. */
export const perMillionSchema = z.number().int().min(0).max(1_000_000);

export const portSchema = z.number().int().min(1).max(65535);

/** Lower-case HTTP header name (`:authority` allowed for host matching). */
export const headerNameV2Schema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^:?[a-z0-9!#$%&'*+\-.^_`|~]+$/, "must be a lower-case HTTP header name");

export const stringMatchSchema = z.object({
  type: z.enum(["Exact", "RegularExpression"]),
  value: z.string().max(4096),
});

export const headerModifierV2Schema = z.object({
  set: z.array(z.object({ name: headerNameV2Schema, value: z.string().max(4096) })).default([]),
  add: z.array(z.object({ name: headerNameV2Schema, value: z.string().max(4096) })).default([]),
  remove: z.array(headerNameV2Schema).default([]),
});
export type HeaderModifierV2 = z.infer<typeof headerModifierV2Schema>;

/** Where a compiled piece came from: for metrics labels, receipts and NACK messages. */
export const sourceRefSchema = z.object({
  kind: z.string().min(1),
  name: z.string().min(1),
  /** Namespace of a Gateway API document, when it has one. */
  namespace: z.string().optional(),
  /** A named rule inside a route. */
  rule: z.string().optional(),
});
export type SourceRef = z.infer<typeof sourceRefSchema>;

export const serviceIdSchema = z.object({ name: z.string().min(1), namespace: z.string().min(1) });
export type ServiceId = z.infer<typeof serviceIdSchema>;

/**
 * Key of mutable data-plane state (retry budgets, token buckets): equal keys across
 * snapshots keep the state; a changed policy gets a new key and fresh state.
 */
export const stateKeySchema = z.string().min(1).max(512);
