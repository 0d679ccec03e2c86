// Entry point `@trellis/protocol/tunnel`: the gRPC contract between control plane,
// connector and proxies, as a package definition plus generated message types.
import { fromJSON, type PackageDefinition } from "@grpc/proto-loader";
import { tunnelDescriptor } from "./generated/descriptor.ts";
import { loaderOptions } from "./loader-options.ts";

export type { ProtoGrpcType as TunnelProtoGrpcType } from "./generated/types/proxy.ts";
export type {
  ConnectorToProxy,
  ConnectorToProxy__Input,
} from "./generated/types/trellis/proxy/v1/ConnectorToProxy.ts";
export type {
  EndpointStates,
  EndpointStates__Input,
} from "./generated/types/trellis/proxy/v1/EndpointStates.ts";
export type { ProxyHello, ProxyHello__Input } from "./generated/types/trellis/proxy/v1/ProxyHello.ts";
export type { ProxyMessage, ProxyMessage__Input } from "./generated/types/trellis/proxy/v1/ProxyMessage.ts";
export type {
  UnavailableEndpoint,
  UnavailableEndpoint__Input,
} from "./generated/types/trellis/proxy/v1/UnavailableEndpoint.ts";
export type { Ack, Ack__Input } from "./generated/types/trellis/tunnel/v1/Ack.ts";
export type {
  ClusterResource,
  ClusterResource__Input,
} from "./generated/types/trellis/tunnel/v1/ClusterResource.ts";
export type { Command, Command__Input } from "./generated/types/trellis/tunnel/v1/Command.ts";
export type {
  CommandResult,
  CommandResult__Input,
} from "./generated/types/trellis/tunnel/v1/CommandResult.ts";
export type {
  ConfigSnapshot,
  ConfigSnapshot__Input,
} from "./generated/types/trellis/tunnel/v1/ConfigSnapshot.ts";
export type {
  ConnectorMessage,
  ConnectorMessage__Input,
} from "./generated/types/trellis/tunnel/v1/ConnectorMessage.ts";
export type {
  ControlMessage,
  ControlMessage__Input,
} from "./generated/types/trellis/tunnel/v1/ControlMessage.ts";
export type {
  DiscoveryUpdate,
  DiscoveryUpdate__Input,
} from "./generated/types/trellis/tunnel/v1/DiscoveryUpdate.ts";
export type { EdgeStats, EdgeStats__Input } from "./generated/types/trellis/tunnel/v1/EdgeStats.ts";
export type { Endpoint, Endpoint__Input } from "./generated/types/trellis/tunnel/v1/Endpoint.ts";
export type { Goodbye, Goodbye__Input } from "./generated/types/trellis/tunnel/v1/Goodbye.ts";
export type { GoodbyeReason } from "./generated/types/trellis/tunnel/v1/GoodbyeReason.ts";
export type { Heartbeat, Heartbeat__Input } from "./generated/types/trellis/tunnel/v1/Heartbeat.ts";
export type { Hello, Hello__Input } from "./generated/types/trellis/tunnel/v1/Hello.ts";
export type { MetricBatch, MetricBatch__Input } from "./generated/types/trellis/tunnel/v1/MetricBatch.ts";
export type { Nack, Nack__Input } from "./generated/types/trellis/tunnel/v1/Nack.ts";
export type { ProxyHealth } from "./generated/types/trellis/tunnel/v1/ProxyHealth.ts";
export type { ProxyKind } from "./generated/types/trellis/tunnel/v1/ProxyKind.ts";
export type { ProxyReport, ProxyReport__Input } from "./generated/types/trellis/tunnel/v1/ProxyReport.ts";
export type { ProxyStatus, ProxyStatus__Input } from "./generated/types/trellis/tunnel/v1/ProxyStatus.ts";
export type {
  ResourceCondition,
  ResourceCondition__Input,
} from "./generated/types/trellis/tunnel/v1/ResourceCondition.ts";
export type {
  ResourceStatus,
  ResourceStatus__Input,
} from "./generated/types/trellis/tunnel/v1/ResourceStatus.ts";
export type {
  ResourceSync,
  ResourceSync__Input,
} from "./generated/types/trellis/tunnel/v1/ResourceSync.ts";
export type {
  ResourceSyncResult,
  ResourceSyncResult__Input,
} from "./generated/types/trellis/tunnel/v1/ResourceSyncResult.ts";
export type { Service, Service__Input } from "./generated/types/trellis/tunnel/v1/Service.ts";
export type { SignError, SignError__Input } from "./generated/types/trellis/tunnel/v1/SignError.ts";
export type {
  SignedCertificate,
  SignedCertificate__Input,
} from "./generated/types/trellis/tunnel/v1/SignedCertificate.ts";
export type { SignRequest, SignRequest__Input } from "./generated/types/trellis/tunnel/v1/SignRequest.ts";
export type { SignResponse, SignResponse__Input } from "./generated/types/trellis/tunnel/v1/SignResponse.ts";
export type {
  SnapshotPayload,
  SnapshotPayload__Input,
} from "./generated/types/trellis/tunnel/v1/SnapshotPayload.ts";
export type { StartTap, StartTap__Input } from "./generated/types/trellis/tunnel/v1/StartTap.ts";
export type { TapEvent, TapEvent__Input } from "./generated/types/trellis/tunnel/v1/TapEvent.ts";
export type {
  WebhookCertificateRequest,
  WebhookCertificateRequest__Input,
} from "./generated/types/trellis/tunnel/v1/WebhookCertificateRequest.ts";
export type { Welcome, Welcome__Input } from "./generated/types/trellis/tunnel/v1/Welcome.ts";
export { loaderOptions, protoFiles } from "./loader-options.ts";

/** The package definition of both services, for `grpc.loadPackageDefinition`. */
export function tunnelPackageDefinition(): PackageDefinition {
  return fromJSON(tunnelDescriptor as unknown as Parameters<typeof fromJSON>[0], loaderOptions);
}

/** Fully-qualified service names, for `grpc.Server#addService` lookups. */
export const tunnelServiceName = "trellis.tunnel.v1.Tunnel";
export const proxyControlServiceName = "trellis.proxy.v1.ProxyControl";

/** Call metadata keys of the tunnel (see tunnel.proto's header comment). */
export const tunnelMetadata = {
  joinToken: "x-trellis-join-token",
  authorization: "authorization",
} as const;

/**
 * Upper bounds (ms) of the latency buckets every proxy counts into and every rollup
 * merges; `EdgeStats.latency_buckets` has one more entry, the overflow bucket.
 */
export const latencyBucketBoundsMs = [
  1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000,
  5000, 10000, 30000, 60000,
] as const;

/** google.protobuf.Timestamp ↔ milliseconds since the epoch. */
export function timestampFromMs(ms: number): { seconds: number; nanos: number } {
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}
export function msFromTimestamp(
  ts: { seconds?: number | string | null; nanos?: number | null } | null | undefined,
): number | null {
  if (!ts) return null;
  return Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1_000_000);
}
/** google.protobuf.Duration ↔ milliseconds. */
export function durationFromMs(ms: number): { seconds: number; nanos: number } {
  return timestampFromMs(ms);
}
export const msFromDuration = msFromTimestamp;
