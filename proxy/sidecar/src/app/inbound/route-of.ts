import { routeHeader } from "../../http/hop-by-hop.ts";
import type { Downstream } from "../../proxy/downstream.ts";
import { resolveHost, resolveRoute } from "../../routing/resolve.ts";
import type { Table } from "../../routing/types.ts";
import { splitAuthority } from "../outbound/authority.ts";

/** The route label (`<route>` or `<route>/<rule>`) that authorization and rate limits name. */
export type InboundRoute = { kind: string; label: string };

/**
 * The route an inbound request took. A meshed client's proxy says so in
 * `x-trellis-route` (it routed the request, before any rewrite); for unmeshed callers
 * the route is resolved here from the authority and path, as the client's proxy would.
 */
export function inboundRoute(
  ds: Downstream,
  meshed: boolean,
  table: Table | undefined,
): InboundRoute | undefined {
  if (meshed) {
    const h = ds.headers[routeHeader];
    return typeof h === "string" ? parseRoute(h) : undefined;
  }
  if (!table) return undefined;
  const host = resolveHost(table, ds.authority);
  if (!host) return undefined;
  const q = ds.path.indexOf("?");
  const { hostname, port } = splitAuthority(ds.authority);
  const headers = ds.headers;
  const route = resolveRoute(
    host.vhost,
    {
      method: ds.method,
      path: q < 0 ? ds.path : ds.path.slice(0, q),
      query: q < 0 ? "" : ds.path.slice(q + 1),
      host: hostname,
      authority: ds.authority.toLowerCase(),
      port: port ?? host.port,
      header: (n) => {
        const v = headers[n];
        return Array.isArray(v) ? v.join(",") : v;
      },
    },
    ds.isGrpc,
  );
  if (!route?.routeHeader) return undefined;
  return { kind: route.source.kind, label: route.metricLabel };
}

/** `<kind>/<label>`, the label possibly with slashes (`route/rule`, `ns/route/rule`). */
export function parseRoute(value: string): InboundRoute | undefined {
  const slash = value.indexOf("/");
  if (slash <= 0 || slash === value.length - 1) return undefined;
  return { kind: value.slice(0, slash), label: value.slice(slash + 1) };
}
