import type { GRPCRouteSpec, HTTPRouteMatch } from "@trellis/protocol/resources";
import type { RouteMatchV2 } from "@trellis/protocol/snapshot/v2";
import { escapeRegex } from "./units.ts";

/**
 * One Gateway API match in the form every data plane shares, with what precedence and
 * rewrites need: `rank` (higher sorts first) and the matched path prefix a
 * ReplacePrefixMatch rewrite replaces (undefined for a regular expression).
 */
export interface CompiledMatch {
  match: RouteMatchV2;
  rank: number[];
  pathPrefix: string | undefined;
}

type HeaderMatch = { type?: "Exact" | "RegularExpression"; name: string; value: string };
type GrpcMatch = GRPCRouteSpec["rules"][number]["matches"][number];

// Gateway API leaves RegularExpression's place to the implementation: between Exact and
// PathPrefix, as trellis-proxy v1 ranked it.
const pathKindRank = { Exact: 3, RegularExpression: 2, PathPrefix: 1 } as const;

const headersOf = (headers: readonly HeaderMatch[] | undefined): RouteMatchV2["headers"] =>
  (headers ?? []).map((h) => ({ name: h.name.toLowerCase(), type: h.type ?? "Exact", value: h.value }));

/**
 * HTTPRoute precedence (HTTPRouteRule): Exact path, then the longest path, then method,
 * then the most header matches, then the most query param matches.
 */
export function httpMatch(m: HTTPRouteMatch): CompiledMatch {
  // Gateway API defaults a match's path to PathPrefix "/", which ranks like one.
  const path = m.path ?? { type: "PathPrefix" as const, value: "/" };
  const queryParams = (m.queryParams ?? []).map((q) => ({ name: q.name, type: q.type, value: q.value }));
  return {
    match: {
      ...(m.path ? { path: { type: m.path.type, value: m.path.value } } : {}),
      ...(m.method ? { method: m.method } : {}),
      headers: headersOf(m.headers),
      queryParams,
      grpc: false,
    },
    rank: [
      pathKindRank[path.type],
      path.type === "PathPrefix" ? trimSlash(path.value).length : path.value.length,
      m.method ? 1 : 0,
      m.headers?.length ?? 0,
      queryParams.length,
    ],
    pathPrefix: path.type === "RegularExpression" ? undefined : path.value,
  };
}

/**
 * GRPCRoute: the method match becomes a path match on `/<service>/<method>` and the match
 * is for gRPC requests only. Precedence: exact service over regex, the longest service,
 * then the longest method, then the most header matches.
 */
export function grpcMatch(m: GrpcMatch): CompiledMatch {
  const method = m.method;
  const path = method && (method.service || method.method) ? grpcPath(method) : undefined;
  const exact = method?.type !== "RegularExpression" ? 1 : 0;
  return {
    match: { ...(path ? { path } : {}), headers: headersOf(m.headers), queryParams: [], grpc: true },
    rank: [
      method?.service ? 1 + exact : 0,
      method?.service?.length ?? 0,
      method?.method?.length ?? 0,
      m.headers?.length ?? 0,
    ],
    pathPrefix: "/",
  };
}

function grpcPath(m: NonNullable<GrpcMatch["method"]>): NonNullable<RouteMatchV2["path"]> {
  const { service, method } = m;
  if (m.type === "RegularExpression") {
    return {
      type: "RegularExpression",
      value: `/${service ? `(?:${service})` : "[^/]+"}/${method ? `(?:${method})` : "[^/]+"}`,
    };
  }
  if (service && method) return { type: "Exact", value: `/${service}/${method}` };
  // A PathPrefix matches whole path elements: "/pkg.Svc" takes "/pkg.Svc/Any", not "/pkg.SvcX/Any".
  if (service) return { type: "PathPrefix", value: `/${service}` };
  return { type: "RegularExpression", value: `/[^/]+/${escapeRegex(method ?? "")}` };
}

/**
 * Route hostnames as an `:authority` match (with or without a port, as clients send it);
 * a leading `*.` matches one or more labels, as Gateway API says.
 */
export function authorityMatch(hostname: string): RouteMatchV2["headers"][number] {
  const h = hostname.toLowerCase();
  const host = h.startsWith("*.") ? `[^:]+${escapeRegex(h.slice(1))}` : escapeRegex(h);
  return { name: ":authority", type: "RegularExpression", value: `${host}(?::[0-9]+)?` };
}

function trimSlash(prefix: string): string {
  return prefix.length > 1 && prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
}
