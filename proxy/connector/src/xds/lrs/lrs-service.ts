import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { protoIncludeDirs } from "../protos/envoy-protos.ts";
import { loaderOptions, type XdsNodeWire } from "../server/ads-service.ts";
import type { ClusterStatsWire } from "./load-edges.ts";

/**
 * Envoy's Load Reporting Service (envoy/service/load_stats/v3/lrs.proto) as a grpc-js
 * service definition, from the protos inside @grpc/grpc-js-xds — the same definitions its
 * LRS client encodes with. Snake_case field names, like the ADS messages.
 */

export type LoadStatsRequest = { node: XdsNodeWire | null; cluster_stats: ClusterStatsWire[] };

export type LoadStatsResponse = {
  clusters: string[];
  send_all_clusters: boolean;
  load_reporting_interval: { seconds: number; nanos: number };
};

type LrsPackage = {
  envoy: { service: { load_stats: { v3: { LoadReportingService: grpc.ServiceClientConstructor } } } };
};

let lrs: grpc.ServiceClientConstructor | null = null;

/** The LRS client constructor; its `.service` is what a server adds (loaded once). */
export function lrsClientConstructor(): grpc.ServiceClientConstructor {
  if (lrs) return lrs;
  const pkg = loadSync("envoy/service/load_stats/v3/lrs.proto", {
    ...loaderOptions,
    includeDirs: protoIncludeDirs(),
  });
  lrs = (grpc.loadPackageDefinition(pkg) as unknown as LrsPackage).envoy.service.load_stats.v3
    .LoadReportingService;
  return lrs;
}
