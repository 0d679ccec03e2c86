import { hostname } from "node:os";
import { z } from "zod";

/**
 * `trellis-connector cert-agent`: runs beside an Envoy sidecar or a proxyless gRPC
 * workload (a sidecar container, or a second process on a VM) and keeps its workload
 * certificate in files: the key made here, the CSR signed by the mesh CA through the
 * connector (ProxyControl, like trellis-proxy), renewed at half-life and on rotation.
 */
export const certAgentSchema = z.object({
  connector: z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, "must be <host>:<port>"),
  identity: z.string().regex(/^spiffe:\/\/[^/]+\/.+/, "must be a SPIFFE id (spiffe://<trust domain>/…)"),
  dir: z.string().min(1),
  /** The xDS node id of the workload it serves: its report row carries the certificate expiry. */
  nodeId: z.string().min(1).default(hostname()),
  service: z.string().min(1).optional(),
  namespace: z.string().min(1).default("default"),
  kind: z.enum(["grpc-proxyless", "envoy"]).default("grpc-proxyless"),
  renewAtFraction: z.coerce.number().gt(0).lt(1).default(0.5),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
});
export type CertAgentConfig = z.infer<typeof certAgentSchema>;

export const certAgentFlags: Record<string, keyof CertAgentConfig> = {
  "--connector": "connector",
  "--identity": "identity",
  "--dir": "dir",
  "--node-id": "nodeId",
  "--service": "service",
  "--namespace": "namespace",
  "--kind": "kind",
  "--renew-at-fraction": "renewAtFraction",
  "--log-level": "logLevel",
};
