import { z } from "zod";
import { flagNameSchema, healthFlagSchema } from "./health.ts";

/**
 * The data planes a mesh member runs (DESIGN §6): the embedded trellis-proxy, an Envoy
 * sidecar or a proxyless gRPC workload — the last two are xDS clients of the connector.
 */
export const proxyKinds = ["trellis-proxy", "envoy", "grpc-proxyless"] as const;
export const proxyKindSchema = z.enum(proxyKinds);
export type ProxyKind = z.infer<typeof proxyKindSchema>;

/** One proxy of `GET /v1/meshes/{mesh}/proxies`, as its connector last reported it. */
export const proxySchema = z.object({
  /** For an xDS client (Envoy, proxyless gRPC): its xDS node id. */
  id: z.string(),
  kind: proxyKindSchema,
  /** The data plane's self-description: an xDS node's user agent (`envoy`, `gRPC Node Pure JS`); empty for trellis-proxy. */
  userAgent: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  service: z.string(),
  workload: z.string(),
  /** SPIFFE id the proxy serves as. */
  identity: z.string(),
  /** The data plane's release: trellis-proxy's, or an xDS client's user agent version. */
  version: z.string(),
  appliedConfigVersion: z.number().int().nullable(),
  desiredConfigVersion: z.number().int(),
  /** As last reported (ready | not_ready | draining | unknown), or gone. */
  health: z.string(),
  /** No report for longer than the stale interval. */
  stale: z.boolean(),
  startedAt: z.string().nullable(),
  lastSeenAt: z.string(),
  certNotAfter: z.string().nullable(),
  lastNack: z.object({ version: z.number().int(), error: z.string() }).nullable(),
  /** Flags on this proxy and on its service. */
  flags: z.array(healthFlagSchema.pick({ flag: true, reason: true })),
});
/** Named `MeshProxy`, not `Proxy`, so it does not shadow the JavaScript global. */
export type MeshProxy = z.infer<typeof proxySchema>;

export const listProxiesQuerySchema = z.object({
  cluster: z.string().min(1).max(63).optional(),
  service: z.string().min(1).max(253).optional(),
  /** Data-plane release version, e.g. `0.3.1`. */
  version: z.string().min(1).max(64).optional(),
  flag: flagNameSchema.optional(),
  kind: proxyKindSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
