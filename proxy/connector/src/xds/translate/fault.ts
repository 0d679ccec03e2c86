import type { FaultV2 } from "@trellis/protocol/snapshot/v2";
import { duration, perMillion, typed } from "./context.ts";

export const faultFilterName = "envoy.filters.http.fault";
export const faultTypeUrl = typed("envoy.extensions.filters.http.fault.v3.HTTPFault");

/**
 * A route's FaultInjection as Envoy's HTTPFault (per-route override of the HCM's fault
 * filter). gRPC requests are aborted with a grpc-status, others with an HTTP status:
 * proxyless clients only ever send gRPC.
 */
export function httpFault(fault: FaultV2, grpc: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { "@type": faultTypeUrl };
  if (fault.delay)
    out.delay = { fixed_delay: duration(fault.delay.ms), percentage: perMillion(fault.delay.perMillion) };
  if (fault.abort) {
    const status = grpc ? { grpc_status: fault.abort.grpcStatus } : { http_status: fault.abort.httpStatus };
    out.abort = { ...status, percentage: perMillion(fault.abort.perMillion) };
  }
  return out;
}

/** An answer the proxy gives itself (direct response, redirect) as a certain gRPC abort. */
export function grpcAbort(grpcStatus: number): Record<string, unknown> {
  return { "@type": faultTypeUrl, abort: { grpc_status: grpcStatus, percentage: perMillion(1_000_000) } };
}

/** HTTP status → gRPC status, as gRPC itself maps them (doc/http-grpc-status-mapping.md). */
export function grpcStatusOfHttp(status: number): number {
  const mapped: Record<number, number> = {
    400: 13,
    401: 16,
    403: 7,
    404: 12,
    429: 14,
    502: 14,
    503: 14,
    504: 14,
  };
  return mapped[status] ?? 2;
}
