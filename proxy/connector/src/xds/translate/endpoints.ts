import { isIP } from "node:net";
import type { ClusterV2 } from "@trellis/protocol/snapshot/v2";
import type { TranslateContext } from "./context.ts";

type Json = Record<string, unknown>;

/**
 * EDS: a cluster's endpoints as one ClusterLoadAssignment, one locality (weight 1: gRPC
 * ignores localities without a weight). Draining endpoints stay listed as DRAINING so
 * Envoy and gRPC send them nothing new. EDS carries addresses only: an endpoint that is
 * not an IP address is left out (and noted).
 */
export function endpointResource(c: ClusterV2, ctx: TranslateContext): Json {
  const lbEndpoints = c.endpoints.flatMap((e) => {
    if (!isIP(e.address)) {
      ctx.notes.add(`endpoint ${e.address} of ${c.name} is not an IP address; EDS cannot carry it`);
      return [];
    }
    return [
      {
        endpoint: { address: { socket_address: { address: e.address, port_value: e.port } } },
        health_status: e.state === "ready" ? "HEALTHY" : "DRAINING",
        metadata: {
          filter_metadata: {
            trellis: {
              identity: e.identity,
              ...(e.workload ? { workload: e.workload } : {}),
              ...(e.proxyId ? { proxyId: e.proxyId } : {}),
            },
          },
        },
      },
    ];
  });
  return {
    cluster_name: c.name,
    endpoints:
      lbEndpoints.length > 0 ? [{ locality: {}, lb_endpoints: lbEndpoints, load_balancing_weight: 1 }] : [],
  };
}
