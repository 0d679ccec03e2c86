import type { FiltersV2, HeaderModifierV2, RouteV2 } from "@trellis/protocol/snapshot/v2";
import { duration, perMillion, type TranslateContext, typed } from "./context.ts";
import { faultFilterName, grpcAbort, grpcStatusOfHttp, httpFault } from "./fault.ts";
import { envoyRetryPolicy, grpcRetryPolicy } from "./retry.ts";

type Json = Record<string, unknown>;
type Forward = Extract<RouteV2["action"], { type: "forward" }>;

/** The route a request took, for route-targeted inbound policy (as trellis-proxy sends it). */
export const routeHeader = "x-trellis-route";

export function routeLabelValue(r: RouteV2): string {
  return `${r.source.kind}/${r.source.name}${r.source.rule ? `/${r.source.rule}` : ""}`;
}

/** Header modifiers as Envoy's route/weighted-cluster fields. */
export function headerFields(prefix: "request" | "response", m: HeaderModifierV2 | undefined): Json {
  if (!m) return {};
  const add = [
    ...m.set.map((h) => ({
      header: { key: h.name, value: h.value },
      append_action: "OVERWRITE_IF_EXISTS_OR_ADD",
    })),
    ...m.add.map((h) => ({
      header: { key: h.name, value: h.value },
      append_action: "APPEND_IF_EXISTS_OR_ADD",
    })),
  ];
  return {
    ...(add.length > 0 ? { [`${prefix}_headers_to_add`]: add } : {}),
    ...(m.remove.length > 0 ? { [`${prefix}_headers_to_remove`]: m.remove } : {}),
  };
}

function rewriteFields(f: FiltersV2 | undefined): Json {
  const out: Json = {};
  if (f?.urlRewrite?.hostname) out.host_rewrite_literal = f.urlRewrite.hostname;
  const p = f?.urlRewrite?.path;
  if (p?.type === "ReplaceFullPath")
    out.regex_rewrite = { pattern: { regex: "^.*$" }, substitution: p.value };
  if (p?.type === "ReplacePrefixMatch") out.prefix_rewrite = p.value;
  return out;
}

/** The Envoy Route for one v2 route: match done by the caller, action and filters here. */
export function envoyRouteBody(r: RouteV2, ctx: TranslateContext): Json {
  const a = r.action;
  if (a.type === "direct-response")
    return { direct_response: { status: a.status, body: { inline_string: a.reason } } };
  if (a.type === "redirect")
    return { redirect: redirectAction(a), ...headerFields("response", a.responseHeaders) };
  const out: Json = {
    route: forwardAction(a, r.match.grpc, ctx),
    ...headerFields("request", a.filters.requestHeaders),
    ...headerFields("response", a.filters.responseHeaders),
  };
  // The route label travels to the server's proxy, overwriting whatever the app sent.
  const add = (out.request_headers_to_add as Json[] | undefined) ?? [];
  out.request_headers_to_add = [
    ...add,
    { header: { key: routeHeader, value: routeLabelValue(r) }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" },
  ];
  const perFilter: Json = {};
  if (a.fault) perFilter[faultFilterName] = httpFault(a.fault, r.match.grpc);
  if (a.cors) perFilter["envoy.filters.http.cors"] = corsPolicy(a.cors);
  if (a.sessionPersistence)
    perFilter["envoy.filters.http.stateful_session"] = sessionPolicy(a.sessionPersistence);
  if (Object.keys(perFilter).length > 0) out.typed_per_filter_config = perFilter;
  return out;
}

function forwardAction(a: Forward, grpc: boolean, ctx: TranslateContext): Json {
  const out: Json = backends(a, "envoy", ctx);
  out.timeout = duration(a.requestTimeoutMs); // "0s" turns off Envoy's 15 s default, as v2 means
  const retry = envoyRetryPolicy(a.retry, a.backendRequestTimeoutMs, grpc, ctx);
  if (retry) out.retry_policy = retry;
  if (a.mirrors.length > 0)
    out.request_mirror_policies = a.mirrors.map((m) => ({
      cluster: m.cluster,
      runtime_fraction: { default_value: perMillion(m.perMillion) },
    }));
  Object.assign(out, rewriteFields(a.filters));
  return out;
}

function backends(a: Forward, kind: "envoy" | "grpc", ctx: TranslateContext): Json {
  if (a.backends.length === 1 && !a.backends[0]!.filters) return { cluster: a.backends[0]!.cluster };
  return {
    weighted_clusters: {
      clusters: a.backends.map((b) => {
        if (kind === "envoy" && b.filters?.urlRewrite)
          ctx.notes.add("a URL rewrite on one weighted backend has no Envoy equivalent (route-level only)");
        return {
          name: b.cluster,
          weight: b.weight,
          ...(kind === "envoy" ? headerFields("request", b.filters?.requestHeaders) : {}),
          ...(kind === "envoy" ? headerFields("response", b.filters?.responseHeaders) : {}),
        };
      }),
    },
  };
}

const redirectCodes: Record<number, string> = {
  301: "MOVED_PERMANENTLY",
  302: "FOUND",
  303: "SEE_OTHER",
  307: "TEMPORARY_REDIRECT",
  308: "PERMANENT_REDIRECT",
};

function redirectAction(a: Extract<RouteV2["action"], { type: "redirect" }>): Json {
  const out: Json = { response_code: redirectCodes[a.statusCode] };
  if (a.scheme) out.scheme_redirect = a.scheme;
  if (a.hostname) out.host_redirect = a.hostname;
  if (a.port) out.port_redirect = a.port;
  if (a.path?.type === "ReplaceFullPath") out.path_redirect = a.path.value;
  if (a.path?.type === "ReplacePrefixMatch") out.prefix_rewrite = a.path.value;
  return out;
}

function corsPolicy(c: NonNullable<Forward["cors"]>): Json {
  return {
    "@type": typed("envoy.extensions.filters.http.cors.v3.CorsPolicy"),
    allow_origin_string_match: c.allowOrigins.map((o) => (o === "*" ? { prefix: "" } : { exact: o })),
    ...(c.allowMethods.length > 0 ? { allow_methods: c.allowMethods.join(",") } : {}),
    ...(c.allowHeaders.length > 0 ? { allow_headers: c.allowHeaders.join(",") } : {}),
    ...(c.exposeHeaders.length > 0 ? { expose_headers: c.exposeHeaders.join(",") } : {}),
    allow_credentials: c.allowCredentials,
    max_age: String(c.maxAgeSeconds),
  };
}

function sessionPolicy(s: NonNullable<Forward["sessionPersistence"]>): Json {
  const state =
    s.type === "Cookie"
      ? {
          name: "envoy.http.stateful_session.cookie",
          typed_config: {
            "@type": typed("envoy.extensions.http.stateful_session.cookie.v3.CookieBasedSessionState"),
            cookie: {
              name: s.name,
              path: "/",
              ...(s.lifetime === "Permanent" && s.absoluteTimeoutMs > 0
                ? { ttl: duration(s.absoluteTimeoutMs) }
                : {}),
            },
          },
        }
      : {
          name: "envoy.http.stateful_session.header",
          typed_config: {
            "@type": typed("envoy.extensions.http.stateful_session.header.v3.HeaderBasedSessionState"),
            name: s.name,
          },
        };
  return {
    "@type": typed("envoy.extensions.filters.http.stateful_session.v3.StatefulSessionPerRoute"),
    stateful_session: { session_state: state },
  };
}

/**
 * The same route for a proxyless gRPC client (gRFC A28/A31/A33/A44): cluster or weighted
 * clusters, `max_stream_duration` as the timeout, gRPC-code retries, the fault filter.
 * A direct response or redirect becomes a certain abort with the mapped gRPC status (gRPC
 * clients follow no redirects); it still names a cluster because grpc-js-xds requires one.
 * Returns null for a route that can never match a gRPC call.
 */
export function grpcRouteBody(r: RouteV2, anyCluster: string | null, ctx: TranslateContext): Json | null {
  const a = r.action;
  if (a.type !== "forward") {
    if (!anyCluster) return null;
    const status = a.type === "redirect" ? 12 : grpcStatusOfHttp(a.status);
    return {
      route: { cluster: anyCluster },
      typed_per_filter_config: { [faultFilterName]: grpcAbort(status) },
    };
  }
  const route: Json = backends(a, "grpc", ctx);
  if (a.requestTimeoutMs > 0)
    route.max_stream_duration = { max_stream_duration: duration(a.requestTimeoutMs) };
  const retry = grpcRetryPolicy(a.retry, ctx);
  if (retry) route.retry_policy = retry;
  if (a.backendRequestTimeoutMs > 0)
    ctx.notes.add("backend request timeouts are not supported by proxyless gRPC");
  if (a.mirrors.length > 0) ctx.notes.add("request mirroring is not supported by proxyless gRPC");
  if (a.filters.urlRewrite || a.filters.requestHeaders || a.filters.responseHeaders)
    ctx.notes.add("header and URL rewrite filters are not applied by proxyless gRPC");
  const out: Json = { route };
  if (a.fault) out.typed_per_filter_config = { [faultFilterName]: httpFault(a.fault, true) };
  return out;
}
