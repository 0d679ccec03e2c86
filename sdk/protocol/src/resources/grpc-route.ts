import { z } from "zod";
import { dnsLabelSchema } from "../names.ts";
import {
  headerMatchSchema,
  headerModifierSchema,
  mirrorSchema,
  serviceRefSchema,
  weightedBackendRefSchema,
} from "./common.ts";
import { routeTimeoutsSchema } from "./http-route.ts";

export const grpcMethodMatchSchema = z.object({
  type: z.enum(["Exact", "RegularExpression"]).default("Exact"),
  /** Fully-qualified service, e.g. `inventory.v1.Inventory`. */
  service: z.string().min(1).max(1024).optional(),
  method: z.string().min(1).max(1024).optional(),
});

export const grpcRouteMatchSchema = z.object({
  method: grpcMethodMatchSchema.optional(),
  headers: z.array(headerMatchSchema).max(16).optional(),
});

export const grpcRouteFilterSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("RequestHeaderModifier"), requestHeaderModifier: headerModifierSchema }),
  z.object({ type: z.literal("ResponseHeaderModifier"), responseHeaderModifier: headerModifierSchema }),
  z.object({ type: z.literal("RequestMirror"), requestMirror: mirrorSchema }),
]);

export const grpcRouteRuleSchema = z.object({
  name: dnsLabelSchema.optional(),
  matches: z.array(grpcRouteMatchSchema).max(8).default([{}]),
  filters: z.array(grpcRouteFilterSchema).max(16).optional(),
  backendRefs: z.array(weightedBackendRefSchema).min(1).max(16),
  timeouts: routeTimeoutsSchema.optional(),
});

export const grpcRouteSpecSchema = z.object({
  parentRefs: z.array(serviceRefSchema).min(1).max(8),
  hostnames: z.array(z.string().min(1).max(253)).max(16).optional(),
  rules: z.array(grpcRouteRuleSchema).min(1).max(64),
});
export type GRPCRouteSpec = z.infer<typeof grpcRouteSpecSchema>;
