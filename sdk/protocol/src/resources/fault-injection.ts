import { z } from "zod";
import { durationSchema } from "../duration.ts";
import { oneOfTargetRefs, policyTargetRefSchema } from "./common.ts";
import { httpRouteMatchSchema } from "./http-route.ts";

export const grpcStatusNames = [
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
] as const;

export const faultInjectionSpecSchema = z
  .strictObject({
    targetRef: policyTargetRefSchema.optional(),
    /** GEP-713: several targets at once. */
    targetRefs: z.array(policyTargetRefSchema).min(1).max(16).optional(),
    matches: z.array(httpRouteMatchSchema).max(8).optional(),
    delay: z.strictObject({ fixedDelay: durationSchema, percent: z.number().min(0).max(100) }).optional(),
    abort: z
      .strictObject({
        httpStatus: z.number().int().min(200).max(599).optional(),
        grpcStatus: z.enum(grpcStatusNames).optional(),
        percent: z.number().min(0).max(100),
      })
      .refine((a) => a.httpStatus !== undefined || a.grpcStatus !== undefined, {
        message: "an abort needs httpStatus, grpcStatus or both",
        path: ["httpStatus"],
      })
      .optional(),
  })
  .refine((s) => s.delay !== undefined || s.abort !== undefined, {
    message: "a FaultInjection needs a delay, an abort or both",
    path: ["delay"],
  })
  .superRefine(oneOfTargetRefs);
export type FaultInjectionSpec = z.infer<typeof faultInjectionSpecSchema>;
