import { z } from "zod";
import { dnsLabelSchema, resourceNameSchema } from "../names.ts";
import { authorizationPolicySpecSchema } from "./authorization-policy.ts";
import { circuitBreakerSpecSchema } from "./circuit-breaker.ts";
import { faultInjectionSpecSchema } from "./fault-injection.ts";
import { grpcRouteSpecSchema } from "./grpc-route.ts";
import { httpRouteSpecSchema } from "./http-route.ts";
import { meshSettingsSpecSchema } from "./mesh-settings.ts";
import { rateLimitSpecSchema } from "./rate-limit.ts";
import { retryPolicySpecSchema } from "./retry-policy.ts";
import { resourceStatusSchema } from "./status.ts";

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

/**
 * Who may change a resource. `api`: written through the API (`trellis apply`, the console,
 * Terraform). `cluster`: synced from a Kubernetes custom resource by that cluster's
 * connector — the API refuses to change it (409) until it is deleted in the cluster.
 */
export const resourceOwnerSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("api") }),
  z.object({
    kind: z.literal("cluster"),
    /** The cluster's name and id. */
    cluster: z.string(),
    clusterId: z.string(),
  }),
]);
export type ResourceOwner = z.infer<typeof resourceOwnerSchema>;

/** A stored mesh resource as the API returns it. */
export const meshResourceSchema = z.object({
  id: z.string(),
  mesh: z.string(),
  /** The apiVersion it was written with (`trellis.dev/v1`, or Gateway API's for routes). */
  apiVersion: z.string(),
  kind: resourceKindSchema,
  /** Its namespace: part of its identity, as in Kubernetes (`default` unless the document named one). */
  namespace: dnsLabelSchema,
  name: resourceNameSchema,
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  spec: z.record(z.string(), z.unknown()),
  /** Bumped on every change (spec, labels, annotations); the ETag is derived from it. */
  generation: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  owner: resourceOwnerSchema,
  /** Computed when read: Accepted, ResolvedRefs, Programmed. */
  status: resourceStatusSchema,
});
export type MeshResource = z.infer<typeof meshResourceSchema>;
