import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

/**
 * Header sanitising between hops (RFC 9110 §7.6.1): connection-specific headers never
 * cross a proxy, nor any header the Connection header names. HTTP/2 forbids them
 * outright (RFC 9113 §8.2.2), so the same rules make h1 ⇄ h2 translation safe.
 */
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "transfer-encoding",
  "upgrade",
  "te",
  "http2-settings",
  "host",
]);

/** The header carrying the verified client SPIFFE id from inbound proxy to app. */
export const clientIdentityHeader = "x-trellis-client-identity";
/**
 * The route a request took, `<kind>/<route>[/<rule>]`, from the client's proxy to the
 * server's: route-targeted inbound policies (rate limits, authorization `to.routes`)
 * need it. Trusted only from mTLS peers; the outbound side overwrites any the app sets.
 */
export const routeHeader = "x-trellis-route";
/** Headers only a proxy may set: what an app sends under these names never crosses. */
export const proxyOnlyOutbound: ReadonlySet<string> = new Set([routeHeader]);
export const proxyOnlyInbound: ReadonlySet<string> = new Set([routeHeader, clientIdentityHeader]);
/** Set on every response the proxy itself produces. */
export const proxyErrorHeader = "x-trellis-error";

/**
 * Copies end-to-end request/response headers: drops hop-by-hop ones, HTTP/2 pseudo
 * headers and anything listed in Connection; keeps `te: trailers` (gRPC needs it).
 * `drop` names more headers to leave out (the headers only a proxy may set) — left out
 * here rather than deleted after, which would turn the copy into a slow dictionary object.
 */
export function endToEndHeaders(
  headers: IncomingHttpHeaders,
  drop?: ReadonlySet<string>,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const connection = headers.connection;
  const listed = connection ? connectionTokens(connection) : undefined;
  for (const name in headers) {
    if (name.charCodeAt(0) === 58 /* ':' */) continue;
    if (hopByHop.has(name) || drop?.has(name)) {
      if (name === "te" && isTrailersOnly(headers.te)) out.te = "trailers";
      continue;
    }
    if (listed?.has(name)) continue;
    out[name] = headers[name];
  }
  return out;
}

function connectionTokens(value: string | string[]): Set<string> {
  const joined = Array.isArray(value) ? value.join(",") : value;
  const set = new Set<string>();
  for (const token of joined.split(",")) {
    const t = token.trim().toLowerCase();
    if (t) set.add(t);
  }
  return set;
}

function isTrailersOnly(te: string | string[] | undefined): boolean {
  if (te === undefined) return false;
  const v = Array.isArray(te) ? te.join(",") : te;
  return v.split(",").some((t) => t.trim().toLowerCase() === "trailers");
}

/** Whether a request is gRPC (content-type application/grpc, +proto, +json, …). */
export function isGrpcContentType(contentType: string | undefined): boolean {
  return contentType?.startsWith("application/grpc") === true;
}
