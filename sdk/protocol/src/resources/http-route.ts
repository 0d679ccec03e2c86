import { z } from "zod";
import { durationSchema } from "../duration.ts";
import { dnsLabelSchema, portSchema } from "../names.ts";
import {
  headerMatchSchema,
  headerModifierSchema,
  headerNameSchema,
  mirrorSchema,
  parentRefSchema,
  serviceRefSchema,
} from "./common.ts";
import { extensionRefSchema, routeRetrySchema, sessionPersistenceSchema } from "./route-features.ts";

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

export const httpPathMatchSchema = z.strictObject({
  type: z.enum(["Exact", "PathPrefix", "RegularExpression"]).default("PathPrefix"),
  value: z.string().min(1).max(1024).default("/"),
});

export const httpRouteMatchSchema = z.strictObject({
  path: httpPathMatchSchema.optional(),
  method: z.enum(httpMethods).optional(),
  headers: z.array(headerMatchSchema).max(16).optional(),
  queryParams: z
    .array(
      z.strictObject({
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
  z.strictObject({ type: z.literal("ReplaceFullPath"), replaceFullPath: z.string().startsWith("/") }),
  z.strictObject({ type: z.literal("ReplacePrefixMatch"), replacePrefixMatch: z.string().startsWith("/") }),
]);

/** Gateway API's CORS filter (HTTPCORSFilter). */
export const corsSchema = z.strictObject({
  allowOrigins: z.array(z.string().min(1).max(253)).max(64).optional(),
  allowCredentials: z.boolean().optional(),
  allowMethods: z
    .array(z.union([z.enum(httpMethods), z.literal("*")]))
    .max(9)
    .optional(),
  allowHeaders: z
    .array(z.union([headerNameSchema, z.literal("*")]))
    .max(64)
    .optional(),
  exposeHeaders: z
    .array(z.union([headerNameSchema, z.literal("*")]))
    .max(64)
    .optional(),
  /** Seconds a browser may cache the preflight answer. */
  maxAge: z.number().int().min(1).max(86_400).optional(),
});

export const httpRouteFilterSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("RequestHeaderModifier"), requestHeaderModifier: headerModifierSchema }),
  z.strictObject({ type: z.literal("ResponseHeaderModifier"), responseHeaderModifier: headerModifierSchema }),
  z.strictObject({
    type: z.literal("RequestRedirect"),
    requestRedirect: z.strictObject({
      scheme: z.enum(["http", "https"]).optional(),
      hostname: z.string().min(1).max(253).optional(),
      path: pathModifierSchema.optional(),
      port: portSchema.optional(),
      statusCode: z
        .union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)])
        .default(302),
    }),
  }),
  z.strictObject({
    type: z.literal("URLRewrite"),
    urlRewrite: z.strictObject({
      hostname: z.string().min(1).max(253).optional(),
      path: pathModifierSchema.optional(),
    }),
  }),
  z.strictObject({ type: z.literal("RequestMirror"), requestMirror: mirrorSchema }),
  z.strictObject({ type: z.literal("CORS"), cors: corsSchema }),
  z.strictObject({ type: z.literal("ExtensionRef"), extensionRef: extensionRefSchema }),
]);
export type HTTPRouteFilter = z.infer<typeof httpRouteFilterSchema>;

/** A weighted backend of an HTTPRoute rule (Gateway API HTTPBackendRef). */
export const httpBackendRefSchema = serviceRefSchema.extend({
  weight: z.number().int().min(0).max(1_000_000).default(1),
  /** Filters applied only to requests sent to this backend. */
  filters: z.array(httpRouteFilterSchema).max(16).optional(),
});

export const routeTimeoutsSchema = z.strictObject({
  /** The whole request, retries included. */
  request: durationSchema.optional(),
  /** One attempt to a backend. */
  backendRequest: durationSchema.optional(),
});

export const httpRouteRuleSchema = z.strictObject({
  name: dnsLabelSchema.optional(),
  matches: z
    .array(httpRouteMatchSchema)
    .max(8)
    .default([{ path: { type: "PathPrefix", value: "/" } }]),
  filters: z.array(httpRouteFilterSchema).max(16).optional(),
  /** None: the request goes to the parent service itself (GAMMA). */
  backendRefs: z.array(httpBackendRefSchema).max(16).default([]),
  timeouts: routeTimeoutsSchema.optional(),
  retry: routeRetrySchema.optional(),
  sessionPersistence: sessionPersistenceSchema.optional(),
});

export const httpRouteSpecSchema = z.strictObject({
  /** The service(s) whose traffic this route governs (GAMMA: a Service parentRef). */
  parentRefs: z.array(parentRefSchema).min(1).max(32),
  hostnames: z.array(z.string().min(1).max(253)).max(16).optional(),
  rules: z.array(httpRouteRuleSchema).min(1).max(64),
});
export type HTTPRouteSpec = z.infer<typeof httpRouteSpecSchema>;

export { headerNameSchema };
