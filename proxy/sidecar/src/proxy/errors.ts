import type { OutgoingHttpHeaders } from "node:http";
import { proxyErrorHeader } from "../http/hop-by-hop.ts";
import type { Downstream } from "./downstream.ts";

/**
 * Responses the proxy itself produces. Each says so in `x-trellis-error`; gRPC callers
 * get a trailers-only response with the matching status (gRPC over HTTP/2 §"Responses").
 * The first group are failures; the second are policy decisions (a denial is an answer,
 * not a failure of the proxy).
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
  | "bad-request"
  | "circuit-open";

export type PolicyDenialKind = "unauthorized" | "unauthenticated" | "rate-limited";

type Kind = ProxyErrorKind | PolicyDenialKind;

const http: Record<Kind, number> = {
  "no-route": 404,
  "no-backend": 500,
  "no-endpoints": 503,
  "egress-denied": 403,
  "upstream-connect": 502,
  "upstream-reset": 502,
  timeout: 504,
  "identity-unavailable": 503,
  "bad-request": 400,
  "circuit-open": 503,
  unauthorized: 403,
  unauthenticated: 401,
  "rate-limited": 429,
};

// https://grpc.github.io/grpc/core/md_doc_statuscodes.html
const grpc: Record<Kind, number> = {
  "no-route": 12, // UNIMPLEMENTED
  "no-backend": 13, // INTERNAL
  "no-endpoints": 14, // UNAVAILABLE
  "egress-denied": 7, // PERMISSION_DENIED
  "upstream-connect": 14,
  "upstream-reset": 14,
  timeout: 4, // DEADLINE_EXCEEDED
  "identity-unavailable": 14,
  "bad-request": 3, // INVALID_ARGUMENT
  "circuit-open": 14,
  unauthorized: 7,
  unauthenticated: 16, // UNAUTHENTICATED
  "rate-limited": 8, // RESOURCE_EXHAUSTED
};

export function httpStatusOf(kind: Kind): number {
  return http[kind];
}

export function grpcStatusOf(kind: Kind): number {
  return grpc[kind];
}

/** Answers the request with a proxy error, or aborts it when headers already went out. */
export function respondError(ds: Downstream, kind: Kind, detail: string, extra?: OutgoingHttpHeaders): void {
  respondLocal(
    ds,
    { status: http[kind], grpcStatus: grpc[kind], message: `${kind}: ${detail}` },
    {
      [proxyErrorHeader]: kind,
      ...extra,
    },
  );
}

/**
 * A response made here (errors, denials, injected faults, redirects): plain text for
 * HTTP, trailers-only for gRPC. Aborts when response headers already went out.
 */
export function respondLocal(
  ds: Downstream,
  r: { status: number; grpcStatus: number; message: string },
  headers: OutgoingHttpHeaders,
): void {
  if (ds.headersSent) {
    ds.abort();
    return;
  }
  if (ds.isGrpc) {
    ds.respond(
      200,
      {
        "content-type": "application/grpc",
        "grpc-status": String(r.grpcStatus),
        "grpc-message": encodeURIComponent(r.message),
        ...headers,
      },
      true,
    );
    return;
  }
  const body = `${r.message}\n`;
  ds.respond(
    r.status,
    { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers },
    false,
  );
  ds.sink.write(body);
  ds.end(undefined);
}
