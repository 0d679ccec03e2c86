import { z } from "zod";
import { faultV2Schema, retryV2Schema } from "./policies.ts";
import {
  headerModifierV2Schema,
  headerNameV2Schema,
  msSchema,
  perMillionSchema,
  portSchema,
  serviceIdSchema,
  sourceRefSchema,
  stringMatchSchema,
} from "./shared.ts";

/**
 * One request match, already in the one form every data plane shares: a GRPCRoute method
 * match is compiled to a path match (`/pkg.Service/Method`) plus `grpc: true`, and route
 * hostnames become an `:authority` header match. All conditions must hold.
 */
export const routeMatchV2Schema = z.object({
  path: z
    .object({ type: z.enum(["Exact", "PathPrefix", "RegularExpression"]), value: z.string().min(1) })
    .optional(),
  method: z.string().min(1).optional(),
  headers: z.array(z.object({ name: headerNameV2Schema, ...stringMatchSchema.shape })).default([]),
  queryParams: z.array(z.object({ name: z.string().min(1), ...stringMatchSchema.shape })).default([]),
  /** Only gRPC requests (content-type application/grpc*). */
  grpc: z.boolean().default(false),
});
export type RouteMatchV2 = z.infer<typeof routeMatchV2Schema>;

const pathRewriteSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ReplaceFullPath"), value: z.string().startsWith("/") }),
  /** `prefix` is the matched path prefix of this route entry, resolved by the compiler. */
  z.object({
    type: z.literal("ReplacePrefixMatch"),
    prefix: z.string().startsWith("/"),
    value: z.string().startsWith("/"),
  }),
]);

/** Filters that apply to the request/response of a route or one weighted backend. */
export const filtersV2Schema = z.object({
  requestHeaders: headerModifierV2Schema.optional(),
  responseHeaders: headerModifierV2Schema.optional(),
  urlRewrite: z
    .object({ hostname: z.string().min(1).optional(), path: pathRewriteSchema.optional() })
    .optional(),
});
export type FiltersV2 = z.infer<typeof filtersV2Schema>;

export const corsV2Schema = z.object({
  allowOrigins: z.array(z.string().min(1)),
  allowMethods: z.array(z.string().min(1)).default([]),
  allowHeaders: z.array(z.string().min(1)).default([]),
  exposeHeaders: z.array(z.string().min(1)).default([]),
  allowCredentials: z.boolean().default(false),
  maxAgeSeconds: z.number().int().min(0).default(5),
});

export const sessionPersistenceV2Schema = z.object({
  type: z.enum(["Cookie", "Header"]),
  /** Cookie or header name carrying the session. */
  name: z.string().min(1),
  /** 0 = no limit. */
  absoluteTimeoutMs: msSchema.default(0),
  idleTimeoutMs: msSchema.default(0),
  /** Cookie only: `Session` cookies have no Max-Age. */
  lifetime: z.enum(["Session", "Permanent"]).default("Session"),
});

/** One weighted backend of a route: a cluster name plus its integer share. */
export const weightedClusterV2Schema = z.object({
  cluster: z.string().min(1),
  /** Weights of one route sum to 10,000 (basis points); zero-weight backends are dropped. */
  weight: z.number().int().min(1).max(10_000),
  filters: filtersV2Schema.optional(),
});

export const forwardActionSchema = z.object({
  type: z.literal("forward"),
  backends: z.array(weightedClusterV2Schema).min(1),
  /** 0 = none. The whole request, retries included. */
  requestTimeoutMs: msSchema.default(0),
  /** 0 = none. One attempt. */
  backendRequestTimeoutMs: msSchema.default(0),
  retry: retryV2Schema.optional(),
  fault: faultV2Schema.optional(),
  mirrors: z.array(z.object({ cluster: z.string().min(1), perMillion: perMillionSchema })).default([]),
  filters: filtersV2Schema.default({}),
  cors: corsV2Schema.optional(),
  sessionPersistence: sessionPersistenceV2Schema.optional(),
});

export const redirectActionSchema = z.object({
  type: z.literal("redirect"),
  scheme: z.enum(["http", "https"]).optional(),
  hostname: z.string().min(1).optional(),
  port: portSchema.optional(),
  path: pathRewriteSchema.optional(),
  statusCode: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]),
  responseHeaders: headerModifierV2Schema.optional(),
});

/** Answered by the proxy itself, e.g. 500 when every backendRef of a rule is unresolvable. */
export const directResponseActionSchema = z.object({
  type: z.literal("direct-response"),
  status: z.number().int().min(200).max(599),
  /** Why, for the response body and logs ("no backend of rule x resolves"). */
  reason: z.string(),
});

export const routeActionV2Schema = z.discriminatedUnion("type", [
  forwardActionSchema,
  redirectActionSchema,
  directResponseActionSchema,
]);
export type RouteActionV2 = z.infer<typeof routeActionV2Schema>;

export const routeV2Schema = z.object({
  /** Metrics `route` label: `<route>` or `<route>/<rule name>`; `default` for a service's own route. */
  label: z.string().min(1),
  source: sourceRefSchema,
  /** Only for requests to this service port (parentRef `port` / `sectionName`). */
  port: portSchema.optional(),
  match: routeMatchV2Schema,
  action: routeActionV2Schema,
});
export type RouteV2 = z.infer<typeof routeV2Schema>;

/**
 * Outbound view of one mesh service: the names that reach it and its routes, in
 * precedence order — the first match wins. A service no route attaches to has one
 * `default` route to its own cluster; a service with routes and no match answers 404.
 */
export const virtualHostV2Schema = z.object({
  /** `<namespace>/<name>`, unique in the snapshot. */
  name: z.string().min(1),
  service: serviceIdSchema,
  /** Host names without port, lower case (`catalog`, `catalog.shop`, `catalog.shop.svc.cluster.local`). */
  hostnames: z.array(z.string().min(1)).min(1),
  /** Virtual IPs (Kubernetes ClusterIP) for traffic captured transparently; may be empty. */
  addresses: z.array(z.string().min(1)).default([]),
  ports: z
    .array(
      z.object({
        port: portSchema,
        protocol: z.enum(["http", "http2", "grpc", "tcp"]),
        name: z.string().optional(),
      }),
    )
    .min(1),
  routes: z.array(routeV2Schema),
});
export type VirtualHostV2 = z.infer<typeof virtualHostV2Schema>;
