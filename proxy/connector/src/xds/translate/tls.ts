import type { ClusterV2 } from "@trellis/protocol/snapshot/v2";
import { resourceNames, type TranslateContext, typed } from "./context.ts";

type Json = Record<string, unknown>;

const ads = { ads: {}, resource_api_version: "V3" };
const sds = (name: string) => ({ name, sds_config: ads });

/** ALPN as trellis-proxy's inbound listener expects it (h2 | http/1.1 | trellis-tcp). */
function alpnOf(protocol: ClusterV2["protocol"]): string[] {
  return protocol === "tcp" ? ["trellis-tcp"] : protocol === "http" ? ["http/1.1"] : ["h2"];
}

/**
 * mTLS to one upstream cluster: our workload certificate, the mesh's roots, and the peer
 * must be one of the cluster's endpoint identities (exact URI SANs; the trust domain
 * prefix while a cluster has no endpoints). Envoy gets both through SDS; a proxyless
 * client through its bootstrap's certificate providers (gRFC A29), which know only the
 * deprecated `match_subject_alt_names`.
 */
export function upstreamTls(cluster: ClusterV2, ctx: TranslateContext): Json {
  const ids = [...new Set(cluster.endpoints.map((e) => e.identity))].sort();
  const trustPrefix = `spiffe://${ctx.snapshot.mesh.trustDomain}/`;
  const matchers = ids.length > 0 ? ids.map((id) => ({ exact: id })) : [{ prefix: trustPrefix }];
  const context =
    ctx.profile.kind === "envoy"
      ? {
          alpn_protocols: alpnOf(cluster.protocol),
          tls_certificate_sds_secret_configs: [sds(resourceNames.identitySecret)],
          combined_validation_context: {
            default_validation_context: {
              match_typed_subject_alt_names: matchers.map((matcher) => ({ san_type: "URI", matcher })),
            },
            validation_context_sds_secret_config: sds(resourceNames.rootsSecret),
          },
        }
      : {
          tls_certificate_provider_instance: { instance_name: resourceNames.identityProvider },
          validation_context: {
            ca_certificate_provider_instance: { instance_name: resourceNames.rootsProvider },
            match_subject_alt_names: matchers,
          },
        };
  return {
    name: "envoy.transport_sockets.tls",
    typed_config: {
      "@type": typed("envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext"),
      common_tls_context: context,
    },
  };
}

/** The deprecated field grpc-js-xds still reads (see upstreamTls). */
export const grpcDeprecatedFields = [
  "envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext.match_subject_alt_names",
];

/**
 * mTLS on the inbound side: our certificate, a client certificate chained to the mesh's
 * roots and carrying an id of this trust domain (which ids may call what is RBAC's job).
 */
export function downstreamTls(ctx: TranslateContext): Json {
  const context =
    ctx.profile.kind === "envoy"
      ? {
          alpn_protocols: ["h2", "http/1.1"],
          tls_certificate_sds_secret_configs: [sds(resourceNames.identitySecret)],
          combined_validation_context: {
            default_validation_context: {
              match_typed_subject_alt_names: [
                { san_type: "URI", matcher: { prefix: `spiffe://${ctx.snapshot.mesh.trustDomain}/` } },
              ],
            },
            validation_context_sds_secret_config: sds(resourceNames.rootsSecret),
          },
        }
      : {
          tls_certificate_provider_instance: { instance_name: resourceNames.identityProvider },
          validation_context: {
            ca_certificate_provider_instance: { instance_name: resourceNames.rootsProvider },
          },
        };
  return {
    name: "envoy.transport_sockets.tls",
    typed_config: {
      "@type": typed("envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext"),
      require_client_certificate: true,
      common_tls_context: context,
    },
  };
}
