import { join } from "node:path/posix";
import { certFiles, resourceNames } from "../translate/context.ts";
import type { NodeMetadata } from "../translate/node-profile.ts";

export type GrpcBootstrapOptions = {
  /** The connector's `--xds` address as the workload reaches it. */
  xdsServer: string;
  nodeId: string;
  service?: string;
  namespace?: string;
  identity?: string;
  /** Where `trellis-connector cert-agent` keeps cert.pem / key.pem / ca.pem; mTLS needs it. */
  certDir?: string;
  /** How often grpc-js re-reads the certificate files. */
  certRefreshSeconds?: number;
};

/**
 * The bootstrap file of a proxyless gRPC workload (`GRPC_XDS_BOOTSTRAP`, gRFC A27/A29/A36),
 * for `@grpc/grpc-js-xds` and the other gRPC xDS libraries: the connector's ADS server,
 * the node (its metadata tells the connector which service it serves and that it has
 * certificates), the listener name template of xDS-enabled servers, and file-watcher
 * certificate providers over the cert agent's files.
 */
export function grpcBootstrap(o: GrpcBootstrapOptions): Record<string, unknown> {
  const trellis: Partial<NodeMetadata> & { kind: string } = { kind: "grpc-proxyless" };
  if (o.service) trellis.service = o.service;
  if (o.namespace) trellis.namespace = o.namespace;
  if (o.identity) trellis.identity = o.identity;
  if (o.certDir) trellis.certDir = o.certDir;
  const refresh = `${o.certRefreshSeconds ?? 10}s`;
  return {
    xds_servers: [
      { server_uri: o.xdsServer, channel_creds: [{ type: "insecure" }], server_features: ["xds_v3"] },
    ],
    node: { id: o.nodeId, locality: {}, metadata: { trellis } },
    server_listener_resource_name_template: `${resourceNames.serverListenerPrefix}%s`,
    ...(o.certDir
      ? {
          certificate_providers: {
            [resourceNames.identityProvider]: {
              plugin_name: "file_watcher",
              config: {
                certificate_file: join(o.certDir, certFiles.cert),
                private_key_file: join(o.certDir, certFiles.key),
                refresh_interval: refresh,
              },
            },
            [resourceNames.rootsProvider]: {
              plugin_name: "file_watcher",
              config: { ca_certificate_file: join(o.certDir, certFiles.ca), refresh_interval: refresh },
            },
          },
        }
      : {}),
  };
}
