import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { protoIncludeDirs } from "../protos/envoy-protos.ts";

/**
 * Envoy's Aggregated Discovery Service (envoy/service/discovery/v3/ads.proto) as a grpc-js
 * service definition, from the protos inside @grpc/grpc-js-xds. Messages keep Envoy's
 * snake_case field names; `Any` resources travel as `{type_url, value}`.
 */

export type XdsNodeWire = {
  id: string;
  cluster?: string;
  metadata?: unknown;
  user_agent_name?: string;
  user_agent_version?: string;
};

export type ErrorDetail = { code: number; message: string } | null;
export type AnyWire = { type_url: string; value: Buffer };

export type DiscoveryRequest = {
  version_info: string;
  node: XdsNodeWire | null;
  resource_names: string[];
  type_url: string;
  response_nonce: string;
  error_detail: ErrorDetail;
};

export type DiscoveryResponse = {
  version_info: string;
  resources: AnyWire[];
  type_url: string;
  nonce: string;
};

export type DeltaDiscoveryRequest = {
  node: XdsNodeWire | null;
  type_url: string;
  resource_names_subscribe: string[];
  resource_names_unsubscribe: string[];
  initial_resource_versions: Record<string, string>;
  response_nonce: string;
  error_detail: ErrorDetail;
};

export type DeltaDiscoveryResponse = {
  system_version_info: string;
  resources: { name: string; version: string; resource: AnyWire }[];
  type_url: string;
  removed_resources: string[];
  nonce: string;
};

export const loaderOptions = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

let ads: grpc.ServiceClientConstructor | null = null;

/** The ADS client constructor; its `.service` is what a server adds (loaded once). */
export function adsClientConstructor(): grpc.ServiceClientConstructor {
  if (ads) return ads;
  const pkg = loadSync("envoy/service/discovery/v3/ads.proto", {
    ...loaderOptions,
    includeDirs: protoIncludeDirs(),
  });
  const loaded = grpc.loadPackageDefinition(pkg) as unknown as {
    envoy: { service: { discovery: { v3: { AggregatedDiscoveryService: grpc.ServiceClientConstructor } } } };
  };
  ads = loaded.envoy.service.discovery.v3.AggregatedDiscoveryService;
  return ads;
}

let served: grpc.ServiceDefinition | null = null;

/**
 * The service as the connector serves it: a response may also be given as bytes already
 * encoded (see `withNonce`), which are written as they are.
 */
export function adsServiceDefinition(): grpc.ServiceDefinition {
  if (served) return served;
  const base = adsClientConstructor().service;
  served = Object.fromEntries(
    Object.entries(base).map(([name, method]) => {
      const encode = method.responseSerialize;
      return [name, { ...method, responseSerialize: (v: unknown) => (Buffer.isBuffer(v) ? v : encode(v)) }];
    }),
  );
  return served;
}

/** Encodes a DiscoveryResponse (or any part of one). */
export function encodeDiscoveryResponse(res: Partial<DiscoveryResponse>): Buffer {
  return adsClientConstructor().service.StreamAggregatedResources!.responseSerialize(res);
}

/**
 * A state-of-the-world response for one stream from bytes shared by every stream that
 * subscribed alike: protobuf merges concatenated messages, so the shared encoding of
 * `{version_info, resources, type_url}` followed by the stream's own `nonce` field (5,
 * length-delimited) is that whole response — one encoding per snapshot, not per stream.
 */
export function withNonce(shared: Buffer, nonce: string): Buffer {
  const text = Buffer.from(nonce, "utf8");
  if (text.length > 127) throw new Error("nonce too long for a one-byte length");
  return Buffer.concat([shared, Buffer.from([(5 << 3) | 2, text.length]), text]);
}

/** google.protobuf.Struct as proto-loader decodes it (`{fields: {k: {kind, …}}}`) → plain JSON. */
export function structToJson(s: unknown): Record<string, unknown> {
  const fields = (s as { fields?: Record<string, unknown> } | null)?.fields ?? {};
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, valueToJson(v)]));
}

function valueToJson(v: unknown): unknown {
  const value = v as Record<string, unknown>;
  switch (value.kind) {
    case "numberValue":
    case "stringValue":
    case "boolValue":
      return value[value.kind as string];
    case "structValue":
      return structToJson(value.structValue);
    case "listValue":
      return ((value.listValue as { values?: unknown[] }).values ?? []).map(valueToJson);
    default:
      return null;
  }
}
