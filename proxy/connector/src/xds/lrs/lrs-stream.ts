import * as grpc from "@grpc/grpc-js";
import type { ConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import type { EdgeStats__Input } from "@trellis/protocol/tunnel";
import { nodeOf } from "../server/xds-stream.ts";
import { type NodeProfile, profileOf } from "../translate/node-profile.ts";
import { edgesOfLoad } from "./load-edges.ts";
import type { LoadStatsRequest, LoadStatsResponse } from "./lrs-service.ts";

/** What a load-report stream needs from the xDS server around it. */
export type LoadReportDeps = {
  /** The snapshot served now (null: none in v2). */
  snapshot(): ConfigSnapshotV2 | null;
  /** LDS names the node subscribed to over ADS; null when unknown or wildcard. */
  listenersOf(nodeId: string): readonly string[] | null;
  /** Edges for the connector's current metric window. */
  edges(edges: EdgeStats__Input[]): void;
  log(level: "info" | "warn", msg: string, fields: Record<string, unknown>): void;
  intervalMs: number;
};

/**
 * `StreamLoadStats` (LRS) of one client. The first request names the node (the same
 * bootstrap node as its ADS stream); the answer asks for every cluster
 * (`send_all_clusters`: grpc-js-xds 1.14.1 skips the first cluster of an explicit list,
 * `indexOf(…) > 0`) every `intervalMs`. Each later request carries the calls finished since
 * the previous one; they become edges of the node's service (see edgesOfLoad).
 */
export function serveLoadStats(
  call: grpc.ServerDuplexStream<LoadStatsRequest, LoadStatsResponse>,
  deps: LoadReportDeps,
): void {
  let node: { id: string; profile: NodeProfile } | null = null;
  call.on("data", (req: LoadStatsRequest) => {
    if (!node) {
      const who = identify(req);
      if (!who.ok) {
        call.emit("error", { code: grpc.status.INVALID_ARGUMENT, details: who.error });
        return;
      }
      node = who.node;
      deps.log("info", "LRS client attached", { node: node.id, service: node.profile.service?.name });
      call.write({
        clusters: [],
        send_all_clusters: true,
        load_reporting_interval: {
          seconds: Math.floor(deps.intervalMs / 1000),
          nanos: (deps.intervalMs % 1000) * 1_000_000,
        },
      });
    }
    const stats = req.cluster_stats ?? [];
    if (stats.length === 0) return;
    const edges = edgesOfLoad(
      stats,
      { service: node.profile.service, listeners: deps.listenersOf(node.id) },
      deps.snapshot(),
    );
    if (edges.length > 0) deps.edges(edges);
  });
  call.on("end", () => {
    if (!call.writableEnded) call.end();
  });
  call.on("error", () => {});
}

function identify(
  req: LoadStatsRequest,
): { ok: true; node: { id: string; profile: NodeProfile } } | { ok: false; error: string } {
  if (!req.node?.id) return { ok: false, error: "the first load report must carry node.id" };
  const node = nodeOf(req.node);
  const profile = profileOf(node);
  if (!profile.ok) return { ok: false, error: profile.error };
  return { ok: true, node: { id: node.id, profile: profile.profile } };
}
