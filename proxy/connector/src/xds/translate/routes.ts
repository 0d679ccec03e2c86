import type { VirtualHostV2 } from "@trellis/protocol/snapshot/v2";
import { resourceNames, type TranslateContext } from "./context.ts";
import { envoyRouteBody, grpcRouteBody } from "./route-action.ts";
import { routeMatch } from "./route-match.ts";

type Json = Record<string, unknown>;

/**
 * RDS `trellis/outbound`: one Envoy VirtualHost per (service, HTTP port), in snapshot order,
 * with the service's routes in precedence order (Envoy and gRPC both take the first match;
 * no match answers 404, as v2 says). Domains are `host:port` for every hostname and
 * virtual IP, plus the bare hostnames on the service's first port (a client that sends
 * no port). Opaque TCP ports have no HTTP routes. A domain two services claim goes to the
 * first (Envoy refuses a duplicate domain).
 */
export function outboundRouteConfiguration(ctx: TranslateContext): Json {
  const used = new Set<string>();
  const virtualHosts: Json[] = [];
  for (const vh of ctx.snapshot.virtualHosts) {
    const httpPorts = vh.ports.filter((p) => p.protocol !== "tcp");
    httpPorts.forEach((port, i) => {
      const names = [...vh.hostnames, ...vh.addresses];
      const candidates = [...(i === 0 ? names : []), ...names.map((n) => `${n}:${port.port}`)];
      const domains = candidates.filter((d) => !used.has(d));
      for (const d of domains) used.add(d);
      if (domains.length < candidates.length)
        ctx.notes.add(`virtual host ${vh.name}: a domain is claimed by an earlier service and left out`);
      if (domains.length === 0) return;
      virtualHosts.push({ name: `${vh.name}:${port.port}`, domains, routes: routesOf(vh, port.port, ctx) });
    });
  }
  return { name: resourceNames.outboundRoutes, virtual_hosts: virtualHosts };
}

function routesOf(vh: VirtualHostV2, port: number, ctx: TranslateContext): Json[] {
  const kind = ctx.profile.kind;
  const anyCluster = vh.routes.flatMap((r) =>
    r.action.type === "forward" ? [r.action.backends[0]!.cluster] : [],
  )[0];
  return vh.routes
    .filter((r) => r.port === undefined || r.port === port)
    .flatMap((r) => {
      const match = routeMatch(r.match, kind);
      if (kind === "envoy") return [{ name: r.label, match, ...envoyRouteBody(r, ctx) }];
      if (r.match.queryParams.length > 0) return []; // gRPC requests carry no query string: never matches
      const body = grpcRouteBody(r, anyCluster ?? ctx.snapshot.clusters[0]?.name ?? null, ctx);
      return body ? [{ name: r.label, match, ...body }] : [];
    });
}
