import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { type TunnelProtoGrpcType, tunnelPackageDefinition } from "@trellis/protocol/tunnel";
import type { Config, ControlPlaneEndpoint } from "../config.ts";

let proto: TunnelProtoGrpcType | undefined;

/** The loaded tunnel + proxy package (loaded once per process). */
export function tunnelProto(): TunnelProtoGrpcType {
  proto ??= grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType;
  return proto;
}

/** Snapshots can be large (many services and routes); gRPC's default 4 MiB is too tight. */
export const maxMessageBytes = 64 * 1024 * 1024;

/**
 * A fresh Tunnel client (channel) for one connection attempt. A new channel per attempt
 * keeps our own backoff in charge: grpc-js' channel-level reconnect backoff grows to
 * 120 s and would otherwise override it, and a channel stuck on a half-dead TCP
 * connection is dropped with it.
 */
export function newTunnelClient(config: Config, controlPlane: ControlPlaneEndpoint) {
  const { caFile, tuning } = config;
  const creds = controlPlane.tls
    ? grpc.credentials.createSsl(caFile ? readFileSync(caFile) : null)
    : grpc.credentials.createInsecure();
  const Tunnel = tunnelProto().trellis.tunnel.v1.Tunnel;
  return new Tunnel(controlPlane.target, creds, {
    "grpc.keepalive_time_ms": tuning.keepaliveTimeMs,
    "grpc.keepalive_timeout_ms": tuning.keepaliveTimeoutMs,
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.max_receive_message_length": maxMessageBytes,
    "grpc.max_send_message_length": maxMessageBytes,
    "grpc.primary_user_agent": `trellis-connector/${config.version}`,
  });
}
