import { z } from "zod";
import { limitsV2Schema, outlierV2Schema } from "./policies.ts";
import { msSchema, portSchema, serviceIdSchema } from "./shared.ts";

export const endpointV2Schema = z.object({
  /** The destination proxy's inbound listener (or the workload itself for proxyless gRPC). */
  address: z.string().min(1),
  port: portSchema,
  /** The SPIFFE id the peer must present. */
  identity: z.string().startsWith("spiffe://"),
  /** The mesh cluster (connector) that reported it. */
  cluster: z.string(),
  /** Draining endpoints finish in-flight work but get no new requests. */
  state: z.enum(["ready", "draining"]).default("ready"),
  /** Pod / VM name, for humans. */
  workload: z.string().optional(),
  /** The proxy (or xDS client) serving this endpoint, when known. */
  proxyId: z.string().optional(),
});
export type EndpointV2 = z.infer<typeof endpointV2Schema>;

/**
 * One upstream: a mesh service's endpoints plus how to talk to them. Named
 * `<namespace>/<name>`; an xDS translation uses the name as the CDS/EDS resource name.
 * Endpoints whose proxy is gone or not ready are left out by the compiler.
 */
export const clusterV2Schema = z.object({
  name: z.string().min(1),
  service: serviceIdSchema,
  protocol: z.enum(["http", "http2", "grpc", "tcp"]),
  loadBalancer: z.enum(["p2c-ewma", "round-robin"]),
  connectTimeoutMs: msSchema,
  endpoints: z.array(endpointV2Schema),
  limits: limitsV2Schema.optional(),
  outlierDetection: outlierV2Schema,
});
export type ClusterV2 = z.infer<typeof clusterV2Schema>;

export { portSchema };
