import type { ClusterV2 } from "@trellis/protocol/snapshot/v2";
import type { MergedService } from "../services.ts";
import { targetsService } from "./attachment.ts";
import { breakerOf, meshDefaultOutlier } from "./circuit-breakers.ts";
import { type Parsed, serviceKey } from "./resources.ts";

/**
 * TCP connect plus TLS handshake to a peer: trellis-proxy's bound since issue 24 (a peer
 * that accepts and never answers costs this, then the request is retried elsewhere).
 * Linkerd's 1 s proved tight for handshakes on loaded small nodes.
 */
export const connectTimeoutMs = 2000;

/**
 * One cluster per mesh service. Its protocol is what the upstream connection must speak:
 * `tcp` only when every port is opaque, else the most capable of its ports (gRPC and
 * HTTP/2 need h2 to the peer; HTTP/1.1 rides either). Only ready and draining endpoints
 * are listed. The first CircuitBreaker (by name) targeting the service sets its limits and
 * outlier detection; without one, or without its outlierDetection, the mesh default
 * failure accrual applies.
 */
export function clusterOf(s: MergedService, breakers: readonly Parsed<"CircuitBreaker">[]): ClusterV2 {
  const breaker = breakers.find((b) => targetsService(b.spec, serviceKey(s.namespace, s.name)));
  const { limits, outlier } = breaker ? breakerOf(breaker) : {};
  return {
    name: serviceKey(s.namespace, s.name),
    service: { name: s.name, namespace: s.namespace },
    protocol: clusterProtocol(s.ports.map((p) => p.protocol)),
    loadBalancer: "p2c-ewma",
    connectTimeoutMs,
    endpoints: s.endpoints
      .filter((e) => e.state !== "not-ready")
      .map((e) => ({
        address: e.address,
        port: e.port,
        identity: e.identity,
        cluster: e.cluster,
        state: e.state === "draining" ? ("draining" as const) : ("ready" as const),
        ...(e.workload ? { workload: e.workload } : {}),
        ...(e.proxyId ? { proxyId: e.proxyId } : {}),
      })),
    ...(limits ? { limits } : {}),
    outlierDetection: outlier ?? meshDefaultOutlier,
  };
}

const capability = ["tcp", "http", "http2", "grpc"] as const;

export function clusterProtocol(protocols: readonly ClusterV2["protocol"][]): ClusterV2["protocol"] {
  return capability[Math.max(0, ...protocols.map((p) => capability.indexOf(p)))]!;
}
