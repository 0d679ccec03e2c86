import { z } from "zod";
import { proxyKindSchema } from "./proxies.ts";

export const discoveredServiceSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  clusters: z.array(z.object({ cluster: z.string(), endpoints: z.number().int() })),
  endpoints: z.number().int(),
  ports: z.array(z.object({ port: z.number().int(), protocol: z.string(), name: z.string().optional() })),
  updatedAt: z.string(),
});
export type DiscoveredService = z.infer<typeof discoveredServiceSchema>;

export const clusterSyncSchema = z.object({
  cluster: z.string(),
  connected: z.boolean(),
  desiredVersion: z.number().int(),
  appliedVersion: z.number().int().nullable(),
  inSync: z.boolean(),
  /** When the cluster first fell behind the desired version; null when in sync. */
  laggingSince: z.string().nullable(),
  lastNack: z.object({ version: z.number().int(), error: z.string(), at: z.string() }).nullable(),
});

export const proxySyncSchema = z.object({
  proxy: z.string(),
  /** trellis-proxy, or an xDS client of the connector (envoy, grpc-proxyless): one receipt each. */
  kind: proxyKindSchema,
  cluster: z.string(),
  service: z.string(),
  desiredVersion: z.number().int(),
  appliedVersion: z.number().int().nullable(),
  inSync: z.boolean(),
  laggingSince: z.string().nullable(),
  /** The proxy's last NACK (for an xDS client: the refused response's version and error_detail), if its newest config was refused. */
  lastNack: z.object({ version: z.number().int(), error: z.string() }).nullable(),
});

export const meshSyncSchema = z.object({
  mesh: z.string(),
  desiredVersion: z.number().int(),
  inSync: z.boolean(),
  clusters: z.array(clusterSyncSchema),
  proxies: z.array(proxySyncSchema),
});
export type MeshSync = z.infer<typeof meshSyncSchema>;
