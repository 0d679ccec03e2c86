import { z } from "zod";
import { authorizationPolicySpecSchema } from "../resources/authorization-policy.ts";
import { circuitBreakerSpecSchema } from "../resources/circuit-breaker.ts";
import { faultInjectionSpecSchema } from "../resources/fault-injection.ts";
import { grpcRouteSpecSchema } from "../resources/grpc-route.ts";
import { httpRouteSpecSchema } from "../resources/http-route.ts";
import { rateLimitSpecSchema } from "../resources/rate-limit.ts";
import { retryPolicySpecSchema } from "../resources/retry-policy.ts";

/**
 * The config snapshot, version 1: everything a connector and its proxies need to run
 * one cluster's part of a mesh. Produced by the control plane's compiler, validated by
 * the connector (NACK on failure) and again by each proxy.
 */
export const snapshotSchemaId = "trellis.config/v1";

export const appProtocols = ["http", "http2", "grpc", "tcp"] as const;
export const appProtocolSchema = z.enum(appProtocols);
export type AppProtocol = z.infer<typeof appProtocolSchema>;

export const snapshotEndpointSchema = z.object({
  /** Where the destination's proxy inbound listener is reachable. */
  address: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  /** The SPIFFE id the destination proxy must present. */
  identity: z.string().startsWith("spiffe://"),
  cluster: z.string(),
  ready: z.boolean().default(true),
  /** Kubernetes pod / VM name, for humans. */
  workload: z.string().optional(),
});
export type SnapshotEndpoint = z.infer<typeof snapshotEndpointSchema>;

export const snapshotServiceSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  /** Host names that reach this service from the outbound listener (without port). */
  hostnames: z.array(z.string()).min(1),
  ports: z
    .array(
      z.object({
        port: z.number().int().min(1).max(65535),
        protocol: appProtocolSchema,
        name: z.string().optional(),
      }),
    )
    .min(1),
  endpoints: z.array(snapshotEndpointSchema),
  loadBalancer: z.enum(["p2c-ewma", "round-robin"]).default("p2c-ewma"),
});
export type SnapshotService = z.infer<typeof snapshotServiceSchema>;

function named<T extends z.ZodType>(spec: T) {
  return z.object({ name: z.string(), generation: z.number().int().min(1), spec });
}

export const snapshotSettingsSchema = z.object({
  mtlsMode: z.enum(["strict", "permissive"]),
  egressMode: z.enum(["allow", "deny"]),
  defaultPolicy: z.enum(["allow", "deny"]),
  certTtlSeconds: z
    .number()
    .int()
    .min(3600)
    .max(7 * 24 * 3600),
});
export type SnapshotSettings = z.infer<typeof snapshotSettingsSchema>;

export const configSnapshotSchema = z.object({
  schema: z.literal(snapshotSchemaId),
  mesh: z.object({ name: z.string(), trustDomain: z.string() }),
  cluster: z.string(),
  /** Monotonic per mesh; equal versions carry equal content. */
  version: z.number().int().min(0),
  settings: snapshotSettingsSchema,
  services: z.array(snapshotServiceSchema),
  httpRoutes: z.array(named(httpRouteSpecSchema)),
  grpcRoutes: z.array(named(grpcRouteSpecSchema)),
  retryPolicies: z.array(named(retryPolicySpecSchema)),
  circuitBreakers: z.array(named(circuitBreakerSpecSchema)),
  authorizationPolicies: z.array(named(authorizationPolicySpecSchema)),
  rateLimits: z.array(named(rateLimitSpecSchema)),
  faultInjections: z.array(named(faultInjectionSpecSchema)),
  /** PEM roots the mesh trusts; during a CA rotation it holds the old and the new root. */
  trustBundle: z.array(z.string()),
});
export type ConfigSnapshot = z.infer<typeof configSnapshotSchema>;

/** Validates a snapshot payload (the JSON inside a tunnel `ConfigSnapshot`). */
export function parseConfigSnapshot(
  payload: unknown,
): { ok: true; snapshot: ConfigSnapshot } | { ok: false; error: string } {
  const result = configSnapshotSchema.safeParse(payload);
  if (result.success) return { ok: true, snapshot: result.data };
  const first = result.error.issues
    .slice(0, 3)
    .map((i) => `/${i.path.join("/")}: ${i.message}`)
    .join("; ");
  return { ok: false, error: `snapshot failed ${snapshotSchemaId} validation: ${first}` };
}
