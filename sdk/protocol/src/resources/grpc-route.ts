import { z } from "zod";
import { dnsLabelSchema } from "../names.ts";
import {
  headerMatchSchema,
  headerModifierSchema,
  mirrorSchema,
  parentRefSchema,
  serviceRefSchema,
} from "./common.ts";
import { routeTimeoutsSchema } from "./http-route.ts";
import { extensionRefSchema, sessionPersistenceSchema } from "./route-features.ts";

export const grpcMethodMatchSchema = z.strictObject({
  type: z.enum(["Exact", "RegularExpression"]).default("Exact"),
  /** Fully-qualified service, e.g. `inventory.v1.Inventory`. */
  service: z.string().min(1).max(1024).optional(),
  method: z.string().min(1).max(1024).optional(),
});

export const grpcRouteMatchSchema = z.strictObject({
  method: grpcMethodMatchSchema.optional(),
  headers: z.array(headerMatchSchema).max(16).optional(),
});

export const grpcRouteFilterSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("RequestHeaderModifier"), requestHeaderModifier: headerModifierSchema }),
  z.strictObject({ type: z.literal("ResponseHeaderModifier"), responseHeaderModifier: headerModifierSchema }),
  z.strictObject({ type: z.literal("RequestMirror"), requestMirror: mirrorSchema }),
  z.strictObject({ type: z.literal("ExtensionRef"), extensionRef: extensionRefSchema }),
]);

/** A weighted backend of a GRPCRoute rule (Gateway API GRPCBackendRef). */
export const grpcBackendRefSchema = serviceRefSchema.extend({
  weight: z.number().int().min(0).max(1_000_000).default(1),
  filters: z.array(grpcRouteFilterSchema).max(16).optional(),
});

export const grpcRouteRuleSchema = z.strictObject({
  name: dnsLabelSchema.optional(),
  matches: z.array(grpcRouteMatchSchema).max(8).default([{}]),
  filters: z.array(grpcRouteFilterSchema).max(16).optional(),
  /** None: the request goes to the parent service itself (GAMMA). */
  backendRefs: z.array(grpcBackendRefSchema).max(16).default([]),
  /** Not in Gateway API's GRPCRoute: a Trellis extension with HTTPRoute's meaning. */
  timeouts: routeTimeoutsSchema.optional(),
  sessionPersistence: sessionPersistenceSchema.optional(),
});

export const grpcRouteSpecSchema = z.strictObject({
  parentRefs: z.array(parentRefSchema).min(1).max(32),
  hostnames: z.array(z.string().min(1).max(253)).max(16).optional(),
  rules: z.array(grpcRouteRuleSchema).min(1).max(64),
});
export type GRPCRouteSpec = z.infer<typeof grpcRouteSpecSchema>;
