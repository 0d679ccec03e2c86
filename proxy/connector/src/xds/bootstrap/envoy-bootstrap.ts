import { isIP } from "node:net";
import type { NodeMetadata } from "../translate/node-profile.ts";

export type EnvoyBootstrapOptions = {
  /** The connector's `--xds` address as the sidecar reaches it (host or IP, and port). */
  xdsServer: string;
  nodeId: string;
  service: string;
  namespace: string;
  /** Envoy's admin (config dump, `/stats/prometheus`), on loopback. */
  adminPort: number;
  /** Where the app sends mesh traffic (HTTP, routed by authority). */
  outboundPort: number;
  /** Mesh-facing mTLS listener, and the app behind it; both or neither. */
  inboundPort?: number;
  appPort?: number;
  identity?: string;
  /** The cert agent's directory (cert.pem, key.pem), named in SDS; mTLS needs it. */
  certDir?: string;
  /** ADS flavour: incremental (default) or state of the world. */
  protocol?: "delta" | "sotw";
};

export const xdsClusterName = "trellis-xds";

/**
 * An Envoy bootstrap (envoy.config.bootstrap.v3.Bootstrap, canonical JSON — Envoy reads it
 * with `-c`): one static cluster to the connector's xDS server over HTTP/2, everything
 * else over ADS (LDS and CDS, which bring RDS, EDS and SDS). The node metadata tells the
 * connector who this sidecar is and which ports it owns. Admin stays on 127.0.0.1; it
 * also serves Prometheus metrics at `/stats/prometheus`.
 */
export function envoyBootstrap(o: EnvoyBootstrapOptions): Record<string, unknown> {
  const [host, port] = splitHostPort(o.xdsServer);
  const trellis: Partial<NodeMetadata> & { kind: string } = {
    kind: "envoy",
    service: o.service,
    namespace: o.namespace,
    outboundPort: o.outboundPort,
  };
  if (o.inboundPort && o.appPort) Object.assign(trellis, { inboundPort: o.inboundPort, appPort: o.appPort });
  if (o.identity) trellis.identity = o.identity;
  if (o.certDir) trellis.certDir = o.certDir;
  const ads = { ads: {}, resource_api_version: "V3" };
  return {
    node: { id: o.nodeId, cluster: `${o.namespace}/${o.service}`, metadata: { trellis } },
    admin: { address: { socket_address: { address: "127.0.0.1", port_value: o.adminPort } } },
    dynamic_resources: {
      ads_config: {
        api_type: o.protocol === "sotw" ? "GRPC" : "DELTA_GRPC",
        transport_api_version: "V3",
        grpc_services: [{ envoy_grpc: { cluster_name: xdsClusterName } }],
        set_node_on_first_message_only: true,
      },
      lds_config: ads,
      cds_config: ads,
    },
    static_resources: {
      clusters: [
        {
          name: xdsClusterName,
          type: isIP(host) ? "STATIC" : "STRICT_DNS",
          connect_timeout: "1s",
          typed_extension_protocol_options: {
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
              "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
              explicit_http_config: { http2_protocol_options: {} },
            },
          },
          load_assignment: {
            cluster_name: xdsClusterName,
            endpoints: [
              {
                lb_endpoints: [
                  { endpoint: { address: { socket_address: { address: host, port_value: port } } } },
                ],
              },
            ],
          },
        },
      ],
    },
  };
}

function splitHostPort(hostPort: string): [string, number] {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(hostPort);
  if (!m) throw new Error(`"${hostPort}" is not <host>:<port>`);
  return [m[1]!, Number(m[2])];
}
