import { routeHeader } from "../../http/hop-by-hop.ts";
import type { Downstream } from "../../proxy/downstream.ts";
import { resolveHost, resolveRoute } from "../../routing/resolve.ts";
import type { RoutingTable } from "../../routing/types.ts";
import { splitAuthority } from "../outbound/authority.ts";

export type InboundRoute = { kind: string; name: string; rule: string | undefined; label: string };

/**
 * The route an inbound request took. A meshed client's proxy says so in
 * `x-trellis-route` (it routed the request, before any rewrite); for unmeshed callers
 * the route is resolved here from the authority and path, as the client's proxy would.
 */
export function inboundRoute(
  ds: Downstream,
  meshed: boolean,
  table: RoutingTable | undefined,
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
  const d = resolveRoute(
    host.service,
    {
      method: ds.method,
      path: q < 0 ? ds.path : ds.path.slice(0, q),
      query: q < 0 ? "" : ds.path.slice(q + 1),
      host: hostname,
      port: port ?? host.port,
      header: (n) => {
        const v = headers[n];
        return Array.isArray(v) ? v.join(",") : v;
      },
    },
    ds.isGrpc,
  );
  if (d.kind !== "rule") return undefined;
  return { kind: d.rule.routeKind, name: d.rule.routeName, rule: d.rule.ruleName, label: d.rule.label };
}

export function parseRoute(value: string): InboundRoute | undefined {
  const [kind, name, rule] = value.split("/");
  if (!kind || !name) return undefined;
  return { kind, name, rule, label: rule ? `${name}/${rule}` : name };
}
