import { z } from "zod";
import { durationSchema } from "../duration.ts";
import { oneOfTargetRefs, policyTargetRefSchema } from "./common.ts";

export const retryConditions = ["5xx", "gateway-error", "reset", "connect-failure", "retriable-4xx"] as const;
export const grpcRetryCodes = [
  "cancelled",
  "deadline-exceeded",
  "internal",
  "resource-exhausted",
  "unavailable",
] as const;

export const retryPolicySpecSchema = z
  .strictObject({
    targetRef: policyTargetRefSchema.optional(),
    /** GEP-713: several targets at once. */
    targetRefs: z.array(policyTargetRefSchema).min(1).max(16).optional(),
    retryOn: z
      .array(z.enum(retryConditions))
      .max(retryConditions.length)
      .default(["5xx", "connect-failure", "reset"]),
    grpcRetryOn: z.array(z.enum(grpcRetryCodes)).max(grpcRetryCodes.length).default([]),
    /** Total attempts including the first one. */
    attempts: z.number().int().min(1).max(10).default(3),
    perTryTimeout: durationSchema.optional(),
    backoff: z
      .strictObject({
        baseInterval: durationSchema.default("25ms"),
        maxInterval: durationSchema.default("250ms"),
      })
      .default({ baseInterval: "25ms", maxInterval: "250ms" }),
    /** Linkerd's default budget: retries add at most 20% of live requests plus 10/s, over 10 s. */
    budget: z
      .strictObject({
        percent: z.number().min(0).max(100).default(20),
        minRetriesPerSecond: z.number().int().min(0).max(10_000).default(10),
        ttl: durationSchema.default("10s"),
      })
      .default({ percent: 20, minRetriesPerSecond: 10, ttl: "10s" }),
    /** Retry POST/PATCH too; off by default because they are not idempotent. */
    retryNonIdempotent: z.boolean().default(false),
    /** Bodies larger than this are never replayed. */
    maxReplayBodyBytes: z
      .number()
      .int()
      .min(0)
      .max(16 * 1024 * 1024)
      .default(64 * 1024),
  })
  .superRefine(oneOfTargetRefs);
export type RetryPolicySpec = z.infer<typeof retryPolicySpecSchema>;
