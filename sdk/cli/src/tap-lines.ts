import type { TapEvent } from "@trellis/sdk";

/**
 * The two lines of one tapped request, in `linkerd viz tap`'s shape, so operators read them
 * the same way: `req id=… src=… dst=… :method=… :path=…`, then `rsp id=… :status=…
 * latency=…`. A tap event carries both halves, so both lines print together. Pure.
 */
export function tapLines(id: number, e: TapEvent): [string, string] {
  const proxy = e.direction === "outbound" ? "out" : e.direction === "inbound" ? "in" : "-";
  const common = [
    `id=${id}`,
    `cluster=${e.cluster}`,
    `proxy=${proxy}`,
    `src=${e.clientIdentity || "-"}`,
    `dst=${e.serverIdentity || e.authority || "-"}`,
    `tls=${e.clientIdentity ? "true" : "false"}`,
  ].join(" ");
  const req = `req ${common} :method=${e.method} :authority=${e.authority} :path=${e.path}`;
  // Only a real gRPC error code: 0 is OK, and a plain HTTP request carries none (-1 or 0).
  const grpc = e.grpcStatus > 0 ? ` grpc-status=${e.grpcStatus}` : "";
  const rsp = `rsp ${common} :status=${e.status}${grpc} latency=${formatTapLatency(e.latencyMs)}`;
  return [req, rsp];
}

/** `3ms`, `1.5ms`, `850µs`: whole units where they suffice. */
export function formatTapLatency(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  return `${Number(ms.toFixed(ms < 10 ? 2 : 0))}ms`;
}
