import { resourceNames, type TranslateContext, typed } from "./context.ts";
import { jwksClusterName } from "./inbound-http.ts";
import { inboundOf } from "./listeners.ts";

type Json = Record<string, unknown>;

/**
 * Clusters only an Envoy sidecar has: its local app (`trellis/inbound/app`, plaintext on
 * loopback, in the protocol of the service's first port) and one per remote JWKS host.
 */
export function localClusters(ctx: TranslateContext): Json[] {
  const envoy = ctx.profile.envoy;
  if (!envoy?.appPort) return [];
  const out: Json[] = [appCluster(envoy.appPort, ctx)];
  const uris = new Set(
    (inboundOf(ctx)?.policies ?? []).flatMap((p) => (p.jwt?.jwksUri && !p.jwt.jwks ? [p.jwt.jwksUri] : [])),
  );
  for (const uri of uris) out.push(jwksCluster(uri));
  return out;
}

function appCluster(port: number, ctx: TranslateContext): Json {
  const s = ctx.profile.service;
  const vh =
    s &&
    ctx.snapshot.virtualHosts.find((v) => v.service.name === s.name && v.service.namespace === s.namespace);
  const protocol = vh?.ports[0]?.protocol ?? "http";
  return {
    name: resourceNames.localApp,
    type: "STATIC",
    connect_timeout: "1s",
    load_assignment: {
      cluster_name: resourceNames.localApp,
      endpoints: [
        {
          lb_endpoints: [
            { endpoint: { address: { socket_address: { address: "127.0.0.1", port_value: port } } } },
          ],
        },
      ],
    },
    ...(protocol === "tcp"
      ? {}
      : {
          typed_extension_protocol_options: {
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
              "@type": typed("envoy.extensions.upstreams.http.v3.HttpProtocolOptions"),
              explicit_http_config:
                protocol === "http" ? { http_protocol_options: {} } : { http2_protocol_options: {} },
            },
          },
        }),
  };
}

function jwksCluster(uri: string): Json {
  const u = new URL(uri);
  const tls = u.protocol === "https:";
  const name = jwksClusterName(uri);
  return {
    name,
    type: "STRICT_DNS",
    connect_timeout: "5s",
    load_assignment: {
      cluster_name: name,
      endpoints: [
        {
          lb_endpoints: [
            {
              endpoint: {
                address: {
                  socket_address: { address: u.hostname, port_value: Number(u.port || (tls ? 443 : 80)) },
                },
              },
            },
          ],
        },
      ],
    },
    ...(tls
      ? {
          transport_socket: {
            name: "envoy.transport_sockets.tls",
            typed_config: {
              "@type": typed("envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext"),
              sni: u.hostname,
              common_tls_context: {
                validation_context: { trusted_ca: { filename: "/etc/ssl/certs/ca-certificates.crt" } },
              },
            },
          },
        }
      : {}),
  };
}
