import type { InboundV2, RateLimitV2 } from "@trellis/protocol/snapshot/v2";
import { duration, resourceNames, type TranslateContext, typed } from "./context.ts";
import { jwtFilterName, jwtProviderName, rbacFilters } from "./rbac.ts";
import { routeHeader } from "./route-action.ts";

type Json = Record<string, unknown>;

export const clientIdentityHeader = "x-trellis-client-identity";
const rateLimitFilterName = "envoy.filters.http.local_ratelimit";
const router = {
  name: "envoy.filters.http.router",
  typed_config: { "@type": typed("envoy.extensions.filters.http.router.v3.Router") },
};

/**
 * JWT verification (Envoy's jwt_authn): one provider per policy that requires a JWT;
 * a missing token passes here (RBAC, which matches the verified payload, decides) and an
 * invalid one is refused with 401, as trellis-proxy does. Remote JWKS are fetched through
 * a cluster per host (clusters.ts `jwksClusters`).
 */
function jwtFilter(inbound: InboundV2): Json | null {
  const policies = inbound.policies.filter((p) => p.jwt);
  if (policies.length === 0) return null;
  const providers: Json = {};
  for (const p of policies) {
    const jwt = p.jwt!;
    const name = jwtProviderName(p);
    providers[name] = {
      issuer: jwt.issuer,
      audiences: jwt.audiences,
      payload_in_metadata: name,
      forward: true,
      ...(jwt.jwks
        ? { local_jwks: { inline_string: JSON.stringify(jwt.jwks) } }
        : {
            remote_jwks: {
              http_uri: { uri: jwt.jwksUri, cluster: jwksClusterName(jwt.jwksUri!), timeout: "5s" },
              cache_duration: "300s",
            },
          }),
    };
  }
  const names = Object.keys(providers);
  const anyProvider = names.map((provider_name) => ({ provider_name }));
  return {
    name: jwtFilterName,
    typed_config: {
      "@type": typed("envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication"),
      providers,
      rules: [
        {
          match: { prefix: "/" },
          requires: { requires_any: { requirements: [...anyProvider, { allow_missing: {} }] } },
        },
      ],
    },
  };
}

/** `trellis/jwks/<host>:<port>`, the cluster a remote JWKS document is fetched through. */
export function jwksClusterName(uri: string): string {
  const u = new URL(uri);
  return `trellis/jwks/${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
}

function tokenBucket(l: RateLimitV2): Json {
  return {
    "@type": typed("envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit"),
    stat_prefix: "inbound_rate_limit",
    token_bucket: { max_tokens: l.burst, tokens_per_fill: l.requests, fill_interval: duration(l.perMs) },
    filter_enabled: {
      default_value: { numerator: 100, denominator: "HUNDRED" },
      runtime_key: "trellis_rl_enabled",
    },
    filter_enforced: {
      default_value: { numerator: 100, denominator: "HUNDRED" },
      runtime_key: "trellis_rl_enforced",
    },
  };
}

/**
 * The inbound HTTP side of an Envoy sidecar: filters (JWT, RBAC deny/allow, local rate
 * limit, router) and the route table to the local app. A service-wide limit sits on the
 * filter; a route-scoped one on an inbound route matching the caller's `x-trellis-route`.
 * The verified peer id reaches the app in `x-trellis-client-identity`; neither header an
 * app or caller sets survives.
 */
export function inboundHttp(
  inbound: InboundV2 | null,
  ctx: TranslateContext,
): { filters: Json[]; routeConfig: Json } {
  const filters: Json[] = [];
  const jwt = inbound && jwtFilter(inbound);
  if (jwt) filters.push(jwt);
  if (inbound) filters.push(...rbacFilters(inbound, ctx));
  const limits = inbound?.rateLimits ?? [];
  const serviceWide = limits.filter((l) => !l.route);
  if (limits.some((l) => l.perClientIdentity))
    ctx.notes.add("per-client-identity rate limits are enforced per Envoy sidecar, not per caller");
  if (serviceWide.length > 1) ctx.notes.add("only the first service-wide rate limit applies on Envoy");
  if (limits.length > 0) {
    const top = serviceWide[0]
      ? tokenBucket(serviceWide[0])
      : {
          "@type": typed("envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit"),
          stat_prefix: "inbound_rate_limit",
        };
    filters.push({ name: rateLimitFilterName, typed_config: top });
  }
  filters.push(router);
  const toApp = {
    route: { cluster: resourceNames.localApp, timeout: "0s" },
    request_headers_to_remove: [clientIdentityHeader, routeHeader],
    request_headers_to_add: [
      {
        header: { key: clientIdentityHeader, value: "%DOWNSTREAM_PEER_URI_SAN%" },
        append_action: "OVERWRITE_IF_EXISTS_OR_ADD",
      },
    ],
  };
  const routes: Json[] = limits
    .filter((l) => l.route)
    .map((l) => ({
      name: `rate-limit/${l.route}`,
      match: {
        prefix: "/",
        headers: [
          {
            name: routeHeader,
            string_match: {
              safe_regex: { regex: `^[^/]+/${l.route!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$` },
            },
          },
        ],
      },
      ...toApp,
      typed_per_filter_config: { [rateLimitFilterName]: tokenBucket(l) },
    }));
  routes.push({ name: "app", match: { prefix: "/" }, ...toApp });
  return {
    filters,
    routeConfig: {
      name: resourceNames.inboundListener,
      virtual_hosts: [{ name: "inbound", domains: ["*"], routes }],
    },
  };
}
