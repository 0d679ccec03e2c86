import type { OutgoingHttpHeaders } from "node:http";
import { proxyErrorHeader } from "../http/hop-by-hop.ts";
import type { Downstream } from "./downstream.ts";

/**
 * Errors the proxy itself produces. Each says so in `x-trellis-error`; gRPC callers
 * get a trailers-only response with the matching status (gRPC over HTTP/2 §"Responses").
 */
export type ProxyErrorKind =
  | "no-route"
  | "no-backend"
  | "no-endpoints"
  | "egress-denied"
  | "upstream-connect"
  | "upstream-reset"
  | "timeout"
  | "identity-unavailable"
  | "bad-request";

const http: Record<ProxyErrorKind, number> = {
  "no-route": 404,
  "no-backend": 500,
  "no-endpoints": 503,
  "egress-denied": 403,
  "upstream-connect": 502,
  "upstream-reset": 502,
  timeout: 504,
  "identity-unavailable": 503,
  "bad-request": 400,
};

// https://grpc.github.io/grpc/core/md_doc_statuscodes.html
const grpc: Record<ProxyErrorKind, number> = {
  "no-route": 12, // UNIMPLEMENTED
  "no-backend": 13, // INTERNAL
  "no-endpoints": 14, // UNAVAILABLE
  "egress-denied": 7, // PERMISSION_DENIED
  "upstream-connect": 14,
  "upstream-reset": 14,
  timeout: 4, // DEADLINE_EXCEEDED
  "identity-unavailable": 14,
  "bad-request": 3, // INVALID_ARGUMENT
};

export function httpStatusOf(kind: ProxyErrorKind): number {
  return http[kind];
}

export function grpcStatusOf(kind: ProxyErrorKind): number {
  return grpc[kind];
}

/** Answers the request with a proxy error, or aborts it when headers already went out. */
export function respondError(ds: Downstream, kind: ProxyErrorKind, detail: string): void {
  if (ds.headersSent) {
    ds.abort();
    return;
  }
  const message = `${kind}: ${detail}`;
  if (ds.isGrpc) {
    const headers: OutgoingHttpHeaders = {
      "content-type": "application/grpc",
      "grpc-status": String(grpc[kind]),
      "grpc-message": encodeURIComponent(message),
      [proxyErrorHeader]: kind,
    };
    ds.respond(200, headers, true);
    return;
  }
  const body = `${message}\n`;
  ds.respond(
    http[kind],
    {
      "content-type": "text/plain; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      [proxyErrorHeader]: kind,
    },
    false,
  );
  ds.sink.write(body);
  ds.end(undefined);
}
