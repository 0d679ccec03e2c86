import type { ConfigSnapshotV2, ServiceId } from "@trellis/protocol/snapshot/v2";
import type { EdgeStats__Input } from "@trellis/protocol/tunnel";
import { routeOfCluster } from "./route-attribution.ts";

/** `envoy.config.endpoint.v3.ClusterStats` as proto-loader decodes it (keepCase, longs as strings). */
export type ClusterStatsWire = {
  cluster_name: string;
  cluster_service_name?: string;
  upstream_locality_stats?: {
    total_successful_requests?: string | number;
    total_error_requests?: string | number;
    total_issued_requests?: string | number;
  }[];
  total_dropped_requests?: string | number;
};

/** Who reported the load and what it dialled: the edge's source and the route inference. */
export type LoadSource = {
  /** The node's service (bootstrap metadata); null → an unnamed caller (empty source). */
  service: ServiceId | null;
  /** LDS names the node subscribed to; null = all (see routeOfCluster). */
  listeners: readonly string[] | null;
};

const n = (v: string | number | undefined) => Number(v ?? 0);

/**
 * One LRS report of a proxyless gRPC client → the per-edge counts trellis-proxies send
 * (source service → the cluster's service, by route). What gRPC reports per cluster and
 * locality: calls finished OK and not OK since its last report, and calls its balancer
 * dropped. So `requests` = finished + dropped, `successes` = finished OK, drops are denials
 * (`circuit_open`: gRPC drops on the cluster's max-concurrent-requests limit). Not reported,
 * so absent: latency (no histogram buckets — percentiles come from other callers only),
 * retries (each attempt is a call of its own), calls a fault filter aborted before the
 * balancer picked a backend. Pure.
 */
export function edgesOfLoad(
  stats: readonly ClusterStatsWire[],
  source: LoadSource,
  snapshot: ConfigSnapshotV2 | null,
): EdgeStats__Input[] {
  const edges: EdgeStats__Input[] = [];
  for (const c of stats) {
    const localities = c.upstream_locality_stats ?? [];
    const successes = localities.reduce((sum, l) => sum + n(l.total_successful_requests), 0);
    const errors = localities.reduce((sum, l) => sum + n(l.total_error_requests), 0);
    const dropped = n(c.total_dropped_requests);
    if (successes + errors + dropped === 0) continue;
    const destination = destinationOf(c.cluster_name, snapshot);
    if (!destination) continue;
    edges.push({
      sourceService: source.service?.name ?? "",
      sourceNamespace: source.service?.namespace ?? "",
      destinationService: destination.name,
      destinationNamespace: destination.namespace,
      route: snapshot ? routeOfCluster(snapshot, source.listeners, c.cluster_name) : "",
      requests: successes + errors + dropped,
      successes,
      latencyBuckets: [],
      denied: dropped > 0 ? { circuit_open: dropped } : {},
      retries: 0,
    });
  }
  return edges;
}

/**
 * The service behind a cluster: the snapshot's, else the name itself (`<namespace>/<name>`,
 * v2's naming) for load counted before a snapshot change removed the cluster.
 */
function destinationOf(cluster: string, snapshot: ConfigSnapshotV2 | null): ServiceId | null {
  const known = snapshot?.clusters.find((c) => c.name === cluster);
  if (known) return known.service;
  const m = /^([^/]+)\/([^/]+)$/.exec(cluster);
  return m ? { namespace: m[1]!, name: m[2]! } : null;
}
