import { z } from "zod";
import { dnsLabelSchema } from "../names.ts";

export const createClusterInputSchema = z.object({ name: dnsLabelSchema });

export const clusterSchema = z.object({
  id: z.string(),
  mesh: z.string(),
  name: z.string(),
  connected: z.boolean(),
  connectorVersion: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  /** The config version this cluster should run. */
  desiredVersion: z.number().int(),
  /** The config version its connector last acknowledged. */
  appliedVersion: z.number().int().nullable(),
  lastNack: z.object({ version: z.number().int(), error: z.string(), at: z.string() }).nullable(),
  credentialIssuedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Cluster = z.infer<typeof clusterSchema>;

export const joinTokenSchema = z.object({
  /** Shown once; exchanged by the connector for a long-lived cluster credential. */
  token: z.string(),
  expiresAt: z.string(),
});

export const createdClusterSchema = z.object({ cluster: clusterSchema, joinToken: joinTokenSchema });
export type CreatedCluster = z.infer<typeof createdClusterSchema>;
