import type { InboundV2 } from "@trellis/protocol/snapshot/v2";
import { resourceNames, type TranslateContext, typed } from "./context.ts";
import { faultFilterName, faultTypeUrl } from "./fault.ts";
import { inboundHttp } from "./inbound-http.ts";
import { rbacFilters } from "./rbac.ts";
import { downstreamTls } from "./tls.ts";

type Json = Record<string, unknown>;

const hcmType = typed("envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager");
const hcmName = "envoy.filters.network.http_connection_manager";
const rds = {
  route_config_name: resourceNames.outboundRoutes,
  config_source: { ads: {}, resource_api_version: "V3" },
};
const router = {
  name: "envoy.filters.http.router",
  typed_config: { "@type": typed("envoy.extensions.filters.http.router.v3.Router") },
};
const fault = { name: faultFilterName, typed_config: { "@type": faultTypeUrl } };

export function inboundOf(ctx: TranslateContext): InboundV2 | null {
  const s = ctx.profile.service;
  if (!s) return null;
  return (
    ctx.snapshot.inbound.find((i) => i.service.name === s.name && i.service.namespace === s.namespace) ?? null
  );
}

const socket = (address: string, port: number) => ({ socket_address: { address, port_value: port } });

/** Envoy's app-facing listener: HTTP routed by authority through RDS `trellis/outbound`. */
export function envoyOutboundListener(ctx: TranslateContext, port: number): Json {
  const routes = ctx.snapshot.virtualHosts.flatMap((vh) => vh.routes);
  const forward = routes.flatMap((r) => (r.action.type === "forward" ? [r.action] : []));
  const filters: Json[] = [];
  if (forward.some((a) => a.cors))
    filters.push({
      name: "envoy.filters.http.cors",
      typed_config: { "@type": typed("envoy.extensions.filters.http.cors.v3.Cors") },
    });
  filters.push(fault);
  if (forward.some((a) => a.sessionPersistence))
    filters.push({
      name: "envoy.filters.http.stateful_session",
      typed_config: { "@type": typed("envoy.extensions.filters.http.stateful_session.v3.StatefulSession") },
    });
  filters.push(router);
  return {
    name: resourceNames.outboundListener,
    address: socket("127.0.0.1", port),
    filter_chains: [
      {
        filters: [
          {
            name: hcmName,
            typed_config: {
              "@type": hcmType,
              stat_prefix: "outbound",
              codec_type: "AUTO",
              rds,
              http_filters: filters,
            },
          },
        ],
      },
    ],
  };
}

/**
 * Envoy's mesh-facing listener: mTLS (strict), or TLS and plaintext told apart by the TLS
 * inspector (permissive); then HTTP with JWT/RBAC/rate limits to the local app — or, when
 * the service needs no L7 policy, RBAC on the peer id and bytes piped (tcp_proxy).
 */
export function envoyInboundListener(ctx: TranslateContext, port: number): Json {
  const inbound = inboundOf(ctx);
  const l4 = inbound?.l4PassThrough ?? false;
  const filters: Json[] = l4
    ? [
        ...rbacFilters(inbound!, ctx, true),
        {
          name: "envoy.filters.network.tcp_proxy",
          typed_config: {
            "@type": typed("envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy"),
            stat_prefix: "inbound_tcp",
            cluster: resourceNames.localApp,
          },
        },
      ]
    : [
        {
          name: hcmName,
          typed_config: (() => {
            const http = inboundHttp(inbound, ctx);
            return {
              "@type": hcmType,
              stat_prefix: "inbound",
              codec_type: "AUTO",
              route_config: http.routeConfig,
              http_filters: http.filters,
              forward_client_cert_details: "SANITIZE",
            };
          })(),
        },
      ];
  const permissive = ctx.snapshot.settings.mtlsMode === "permissive";
  const tls = ctx.profile.certs ? downstreamTls(ctx) : null;
  const chains: Json[] = [
    {
      ...(permissive && tls ? { filter_chain_match: { transport_protocol: "tls" } } : {}),
      filters,
      ...(tls ? { transport_socket: tls } : {}),
    },
  ];
  if (permissive && tls) chains.push({ filter_chain_match: { transport_protocol: "raw_buffer" }, filters });
  return {
    name: resourceNames.inboundListener,
    address: socket("0.0.0.0", port),
    ...(permissive && tls
      ? {
          listener_filters: [
            {
              name: "envoy.filters.listener.tls_inspector",
              typed_config: {
                "@type": typed("envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector"),
              },
            },
          ],
        }
      : {}),
    filter_chains: chains,
  };
}

/** Listener names a proxyless client may dial: every hostname and virtual IP, with and without port. */
export function grpcClientListenerNames(ctx: TranslateContext): string[] {
  const names = new Set<string>();
  for (const vh of ctx.snapshot.virtualHosts) {
    const http = vh.ports.filter((p) => p.protocol !== "tcp");
    if (http.length === 0) continue;
    for (const host of [...vh.hostnames, ...vh.addresses]) {
      names.add(host);
      for (const p of http) names.add(`${host}:${p.port}`);
    }
  }
  return [...names];
}

/** `xds:///catalog` → LDS `catalog`: an API listener routing through RDS `trellis/outbound`. */
export function grpcClientListener(name: string): Json {
  return {
    name,
    api_listener: {
      api_listener: { "@type": hcmType, stat_prefix: "outbound", rds, http_filters: [fault, router] },
    },
  };
}

/** Parses `trellis/inbound/<ip>:<port>` (grpc-js-xds XdsServer's listener name). */
export function serverListenerAddress(name: string): { host: string; port: number } | null {
  if (!name.startsWith(resourceNames.serverListenerPrefix)) return null;
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(name.slice(resourceNames.serverListenerPrefix.length));
  const port = Number(m?.[2]);
  return m && port > 0 && port < 65536 ? { host: m[1]!, port } : null;
}

/**
 * A proxyless gRPC server's listener (gRFC A36): the address it binds, mTLS with its
 * certificate providers when it has them, and RBAC (gRFC A41) for the node's service; the
 * one route is a non-forwarding action, as servers require.
 */
export function grpcServerListener(name: string, ctx: TranslateContext): Json | null {
  const at = serverListenerAddress(name);
  if (!at) return null;
  const inbound = inboundOf(ctx);
  const hcm = {
    "@type": hcmType,
    stat_prefix: "inbound",
    route_config: {
      name: "inbound",
      virtual_hosts: [
        { name: "inbound", domains: ["*"], routes: [{ match: { prefix: "/" }, non_forwarding_action: {} }] },
      ],
    },
    http_filters: [...(inbound ? rbacFilters(inbound, ctx) : []), router],
  };
  return {
    name,
    address: socket(at.host, at.port),
    filter_chains: [
      {
        name: "inbound",
        filters: [{ name: hcmName, typed_config: hcm }],
        ...(ctx.profile.certs ? { transport_socket: downstreamTls(ctx) } : {}),
      },
    ],
  };
}
