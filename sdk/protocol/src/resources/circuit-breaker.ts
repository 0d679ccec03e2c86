import { z } from "zod";
import { durationSchema } from "../duration.ts";
import { oneOfTargetRefs, serviceTargetRefSchema } from "./common.ts";

export const circuitBreakerSpecSchema = z
  .strictObject({
    targetRef: serviceTargetRefSchema.optional(),
    /** GEP-713: several targets at once. */
    targetRefs: z.array(serviceTargetRefSchema).min(1).max(16).optional(),
    limits: z
      .strictObject({
        maxConnections: z.number().int().min(1).max(1_000_000).optional(),
        maxPendingRequests: z.number().int().min(0).max(1_000_000).optional(),
        maxConcurrentRequests: z.number().int().min(1).max(1_000_000).optional(),
      })
      .optional(),
    outlierDetection: z
      .strictObject({
        consecutiveFailures: z.number().int().min(1).max(1000).default(5),
        baseEjectionTime: durationSchema.default("30s"),
        maxEjectionTime: durationSchema.default("5m"),
        maxEjectionPercent: z.number().int().min(0).max(100).default(50),
      })
      .optional(),
  })
  .refine((s) => s.limits !== undefined || s.outlierDetection !== undefined, {
    message: "a CircuitBreaker needs limits, outlierDetection or both",
    path: ["limits"],
  })
  .superRefine(oneOfTargetRefs);
export type CircuitBreakerSpec = z.infer<typeof circuitBreakerSpecSchema>;
