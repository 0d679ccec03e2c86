import { z } from "zod";
import { resourceNameSchema } from "../names.ts";
import { authorizationPolicySpecSchema } from "./authorization-policy.ts";
import { circuitBreakerSpecSchema } from "./circuit-breaker.ts";
import { faultInjectionSpecSchema } from "./fault-injection.ts";
import { grpcRouteSpecSchema } from "./grpc-route.ts";
import { httpRouteSpecSchema } from "./http-route.ts";
import { meshSettingsSpecSchema } from "./mesh-settings.ts";
import { rateLimitSpecSchema } from "./rate-limit.ts";
import { retryPolicySpecSchema } from "./retry-policy.ts";

/** The spec schema of every mesh resource kind (DESIGN §4). */
export const resourceSpecSchemas = {
  HTTPRoute: httpRouteSpecSchema,
  GRPCRoute: grpcRouteSpecSchema,
  RetryPolicy: retryPolicySpecSchema,
  CircuitBreaker: circuitBreakerSpecSchema,
  AuthorizationPolicy: authorizationPolicySpecSchema,
  RateLimit: rateLimitSpecSchema,
  FaultInjection: faultInjectionSpecSchema,
  MeshSettings: meshSettingsSpecSchema,
} as const;

export type ResourceKind = keyof typeof resourceSpecSchemas;
export const resourceKinds = Object.keys(resourceSpecSchemas) as [ResourceKind, ...ResourceKind[]];
export const resourceKindSchema = z.enum(resourceKinds);

export type ResourceSpec<K extends ResourceKind> = z.infer<(typeof resourceSpecSchemas)[K]>;

/** The one MeshSettings resource of a mesh is always called this. */
export const meshSettingsName = "default";

export function isResourceKind(value: string): value is ResourceKind {
  return Object.hasOwn(resourceSpecSchemas, value);
}

/** A stored mesh resource as the API returns it. */
export const meshResourceSchema = z.object({
  id: z.string(),
  mesh: z.string(),
  kind: resourceKindSchema,
  name: resourceNameSchema,
  spec: z.record(z.string(), z.unknown()),
  /** Bumped on every change of the spec; the ETag is derived from it. */
  generation: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MeshResource = z.infer<typeof meshResourceSchema>;

/** A document as users write it in YAML/JSON for `trellis apply`. */
export const resourceDocumentSchema = z.object({
  apiVersion: z.literal("trellis.dev/v1").default("trellis.dev/v1"),
  kind: resourceKindSchema,
  metadata: z.object({ name: resourceNameSchema }),
  spec: z.record(z.string(), z.unknown()),
});
export type ResourceDocument = z.infer<typeof resourceDocumentSchema>;
