import { applyHeaderModifier } from "../../../filters/header-modifier.ts";
import type { Filters } from "../../../filters/index-filters.ts";
import { rewritePath } from "../../../filters/rewrite.ts";
import { endToEndHeaders, proxyOnlyOutbound, routeHeader } from "../../../http/hop-by-hop.ts";
import type { Downstream } from "../../../proxy/downstream.ts";
import type { UpstreamRequest } from "../../../proxy/upstream-request.ts";
import type { OutboundLayer, Routed } from "./types.ts";

/**
 * RequestHeaderModifier and URLRewrite — the route's, then the chosen backend's own
 * (`backendRefs[].filters`) — and the route named for the server's proxy.
 */
export const requestFilters: OutboundLayer = (next) => (call) => {
  call.up = upstreamRequest(call.ex.ds, call.r);
  next(call);
};

function upstreamRequest(ds: Downstream, r: Routed): UpstreamRequest {
  // Only proxies may say which route a request took.
  const headers = endToEndHeaders(ds.headers, proxyOnlyOutbound);
  if (r.route.routeHeader) headers[routeHeader] = r.route.routeHeader;
  const target = { authority: ds.authority, path: ds.path };
  apply(r.forward.filters, headers, target, r);
  if (r.backend.filters) apply(r.backend.filters, headers, target, r);
  headers.host = target.authority;
  return { method: ds.method, path: target.path, authority: target.authority, headers };
}

function apply(
  f: Filters,
  headers: ReturnType<typeof endToEndHeaders>,
  target: { authority: string; path: string },
  r: Routed,
): void {
  if (f.requestHeaders) applyHeaderModifier(headers, f.requestHeaders);
  if (f.rewrite?.hostname) target.authority = f.rewrite.hostname;
  if (f.rewrite?.path) {
    const q = r.input.query;
    target.path = rewritePath(r.input.path, f.rewrite.path) + (q ? `?${q}` : "");
  }
}
