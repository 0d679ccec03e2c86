import { z } from "zod";
import { durationSchema } from "../duration.ts";

// Rule-level Gateway API features whose schema Trellis knows. Whether the data plane
// enforces each one yet is decided in `not-yet-enforced.ts`, not here.

/** GEP-1731: retry a rule's requests on these HTTP codes, this many times, with this backoff. */
export const routeRetrySchema = z.strictObject({
  /** HTTP status codes that are retried (400–599). */
  codes: z.array(z.number().int().min(400).max(599)).max(64).optional(),
  /** Retries after the first attempt; 0 disables retrying. */
  attempts: z.number().int().min(0).max(10).optional(),
  /** Minimum wait between attempts. */
  backoff: durationSchema.optional(),
});

/** Gateway API SessionPersistence: pin a client to one backend by a cookie or a header. */
export const sessionPersistenceSchema = z.strictObject({
  /** The cookie or header name carrying the session. */
  sessionName: z.string().min(1).max(128).optional(),
  absoluteTimeout: durationSchema.optional(),
  idleTimeout: durationSchema.optional(),
  type: z.enum(["Cookie", "Header"]).optional(),
  cookieConfig: z.strictObject({ lifetimeType: z.enum(["Permanent", "Session"]).optional() }).optional(),
});

/** An implementation-specific filter (Gateway API LocalObjectReference). */
export const extensionRefSchema = z.strictObject({
  group: z.string().max(253),
  kind: z.string().min(1).max(63),
  name: z.string().min(1).max(253),
});
