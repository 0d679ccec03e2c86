import { z } from "zod";
import { durationSchema } from "../duration.ts";
import { dnsLabelSchema, portSchema } from "../names.ts";
import {
  headerMatchSchema,
  headerModifierSchema,
  headerNameSchema,
  mirrorSchema,
  serviceRefSchema,
  weightedBackendRefSchema,
} from "./common.ts";

export const httpMethods = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
] as const;

export const httpPathMatchSchema = z.object({
  type: z.enum(["Exact", "PathPrefix", "RegularExpression"]).default("PathPrefix"),
  value: z.string().min(1).max(1024),
});

export const httpRouteMatchSchema = z.object({
  path: httpPathMatchSchema.optional(),
  method: z.enum(httpMethods).optional(),
  headers: z.array(headerMatchSchema).max(16).optional(),
  queryParams: z
    .array(
      z.object({
        type: z.enum(["Exact", "RegularExpression"]).default("Exact"),
        name: z.string().min(1).max(256),
        value: z.string().max(1024),
      }),
    )
    .max(16)
    .optional(),
});
export type HTTPRouteMatch = z.infer<typeof httpRouteMatchSchema>;

const pathModifierSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ReplaceFullPath"), replaceFullPath: z.string().startsWith("/") }),
  z.object({ type: z.literal("ReplacePrefixMatch"), replacePrefixMatch: z.string().startsWith("/") }),
]);

export const httpRouteFilterSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("RequestHeaderModifier"), requestHeaderModifier: headerModifierSchema }),
  z.object({ type: z.literal("ResponseHeaderModifier"), responseHeaderModifier: headerModifierSchema }),
  z.object({
    type: z.literal("RequestRedirect"),
    requestRedirect: z.object({
      scheme: z.enum(["http", "https"]).optional(),
      hostname: z.string().min(1).max(253).optional(),
      path: pathModifierSchema.optional(),
      port: portSchema.optional(),
      statusCode: z
        .union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)])
        .default(302),
    }),
  }),
  z.object({
    type: z.literal("URLRewrite"),
    urlRewrite: z.object({
      hostname: z.string().min(1).max(253).optional(),
      path: pathModifierSchema.optional(),
    }),
  }),
  z.object({ type: z.literal("RequestMirror"), requestMirror: mirrorSchema }),
]);
export type HTTPRouteFilter = z.infer<typeof httpRouteFilterSchema>;

export const routeTimeoutsSchema = z.object({
  /** The whole request, retries included. */
  request: durationSchema.optional(),
  /** One attempt to a backend. */
  backendRequest: durationSchema.optional(),
});

export const httpRouteRuleSchema = z.object({
  name: dnsLabelSchema.optional(),
  matches: z
    .array(httpRouteMatchSchema)
    .max(8)
    .default([{ path: { type: "PathPrefix", value: "/" } }]),
  filters: z.array(httpRouteFilterSchema).max(16).optional(),
  backendRefs: z.array(weightedBackendRefSchema).max(16).default([]),
  timeouts: routeTimeoutsSchema.optional(),
});

export const httpRouteSpecSchema = z.object({
  /** The service(s) whose traffic this route governs (GAMMA: a Service parentRef). */
  parentRefs: z.array(serviceRefSchema).min(1).max(8),
  hostnames: z.array(z.string().min(1).max(253)).max(16).optional(),
  rules: z.array(httpRouteRuleSchema).min(1).max(64),
});
export type HTTPRouteSpec = z.infer<typeof httpRouteSpecSchema>;

export { headerNameSchema };
