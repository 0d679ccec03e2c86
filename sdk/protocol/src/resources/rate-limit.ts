import { z } from "zod";
import { durationSchema } from "../duration.ts";
import { oneOfTargetRefs, policyTargetRefSchema } from "./common.ts";

export const rateLimitSpecSchema = z
  .strictObject({
    targetRef: policyTargetRefSchema.optional(),
    /** GEP-713: several targets at once. */
    targetRefs: z.array(policyTargetRefSchema).min(1).max(16).optional(),
    /** `requests` tokens are added every `per`; the bucket holds at most `burst`. */
    requests: z.number().int().min(1).max(1_000_000),
    per: durationSchema.default("1s"),
    burst: z.number().int().min(1).max(10_000_000).optional(),
    /** One bucket per client identity instead of one shared bucket. */
    perClientIdentity: z.boolean().default(false),
  })
  .superRefine(oneOfTargetRefs);
export type RateLimitSpec = z.infer<typeof rateLimitSpecSchema>;
