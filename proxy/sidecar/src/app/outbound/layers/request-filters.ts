import { applyHeaderModifier } from "../../../filters/header-modifier.ts";
import { rewritePath } from "../../../filters/rewrite.ts";
import { endToEndHeaders, routeHeader } from "../../../http/hop-by-hop.ts";
import type { Downstream } from "../../../proxy/downstream.ts";
import type { UpstreamRequest } from "../../../proxy/upstream-request.ts";
import type { OutboundLayer, Routed } from "./types.ts";

/** RequestHeaderModifier and URLRewrite, and the route named for the server's proxy. */
export const requestFilters: OutboundLayer = (next) => (call) => {
  call.up = upstreamRequest(call.ex.ds, call.r);
  next(call);
};

function upstreamRequest(ds: Downstream, r: Routed): UpstreamRequest {
  const headers = endToEndHeaders(ds.headers);
  const rule = r.rule;
  let authority = ds.authority;
  let path = ds.path;
  delete headers[routeHeader]; // only proxies may say which route a request took
  if (rule) {
    headers[routeHeader] = `${rule.routeKind}/${rule.label}`;
    const f = rule.filters;
    if (f.requestHeaders) applyHeaderModifier(headers, f.requestHeaders);
    if (f.rewrite?.hostname) authority = f.rewrite.hostname;
    if (f.rewrite?.path) {
      const q = r.input.query;
      path = rewritePath(r.input.path, r.prefix, f.rewrite.path) + (q ? `?${q}` : "");
    }
  }
  headers.host = authority;
  return { method: ds.method, path, authority, headers };
}
