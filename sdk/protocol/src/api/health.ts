import { z } from "zod";

/** The drift and health conditions the control plane raises, on proxies, services, clusters or the mesh. */
export const flagNames = [
  "version_behind",
  "mixed_versions",
  "config_out_of_sync",
  "config_nacked",
  "stale_heartbeat",
  "cert_expiring",
  "connector_disconnected",
  "ca_expiring",
  "proxy_not_ready",
] as const;
export const flagNameSchema = z.enum(flagNames);
export type FlagName = z.infer<typeof flagNameSchema>;

export const subjectKinds = ["proxy", "service", "cluster", "mesh"] as const;
export type SubjectKind = (typeof subjectKinds)[number];

export const healthFlagSchema = z.object({
  flag: flagNameSchema,
  subjectKind: z.enum(subjectKinds),
  /** proxy: `<cluster>/<proxyId>`; service: `<namespace>/<name>`; cluster: its name; mesh: its name. */
  subject: z.string(),
  /** For humans: what is wrong and, where it helps, what to do. */
  reason: z.string(),
  /** Since when the condition holds, where known. */
  since: z.string().nullable(),
});
export type HealthFlag = z.infer<typeof healthFlagSchema>;

/** `GET /v1/meshes/{mesh}/health`: a mesh's health at a glance. */
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
