import { z } from "zod";
import { flagNameSchema, healthFlagSchema } from "./health.ts";

/** One proxy of `GET /v1/meshes/{mesh}/proxies`, as its connector last reported it. */
export const proxySchema = z.object({
  id: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  service: z.string(),
  workload: z.string(),
  /** SPIFFE id the proxy serves as. */
  identity: z.string(),
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
  /** Proxy release version, e.g. `0.3.1`. */
  version: z.string().min(1).max(64).optional(),
  flag: flagNameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
