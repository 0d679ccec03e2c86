import { z } from "zod";
import { flagNames } from "../../domain/health/state.ts";

// Response schemas of the inventory and health endpoints. They belong in
// @trellis/protocol/api (the SDK and console read them); kept here until they move.

export const flagNameSchema = z.enum(flagNames);

export const healthFlagSchema = z.object({
  flag: flagNameSchema,
  subjectKind: z.enum(["proxy", "service", "cluster", "mesh"]),
  subject: z.string(),
  reason: z.string(),
  since: z.string().nullable(),
});

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
export type ProxyDto = z.infer<typeof proxySchema>;

export const listProxiesQuerySchema = z.object({
  cluster: z.string().min(1).max(63).optional(),
  service: z.string().min(1).max(253).optional(),
  version: z.string().min(1).max(64).optional(),
  flag: flagNameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export const meshHealthSchema = z.object({
  mesh: z.string(),
  checkedAt: z.string(),
  desiredConfigVersion: z.number().int(),
  latestProxyVersion: z.string(),
  proxies: z.object({
    total: z.number().int(),
    ready: z.number().int(),
    notReady: z.number().int(),
    stale: z.number().int(),
    gone: z.number().int(),
  }),
  connectors: z.array(
    z.object({
      cluster: z.string(),
      connected: z.boolean(),
      version: z.string().nullable(),
      lastSeenAt: z.string().nullable(),
    }),
  ),
  /** Every flag name, with how many subjects raise it (0 included). */
  counts: z.record(flagNameSchema, z.number().int()),
  healthy: z.boolean(),
  flags: z.array(healthFlagSchema),
});
export type MeshHealth = z.infer<typeof meshHealthSchema>;
