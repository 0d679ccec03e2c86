import type { GRPCRouteSpec, HTTPRouteMatch } from "@trellis/protocol/resources";
import type { RouteMatchV2 } from "@trellis/protocol/snapshot/v2";

/**
 * Reading v1 (one release): a Gateway API match in snapshot v2's form, with the rank
 * trellis-proxy v1 gave it — the same rules the control plane's compiler applies.
 */
export type RankedMatch = { match: RouteMatchV2; rank: number[]; pathPrefix: string | undefined };

type GrpcMatch = GRPCRouteSpec["rules"][number]["matches"][number];
type Header = { type?: "Exact" | "RegularExpression" | undefined; name: string; value: string };

const pathKindRank = { Exact: 3, RegularExpression: 2, PathPrefix: 1 } as const;
const headersOf = (h: readonly Header[] | undefined): RouteMatchV2["headers"] =>
  (h ?? []).map((x) => ({ name: x.name.toLowerCase(), type: x.type ?? "Exact", value: x.value }));

export function httpMatch(m: HTTPRouteMatch): RankedMatch {
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

export function grpcMatch(m: GrpcMatch): RankedMatch {
  const method = m.method;
  const exact = method?.type !== "RegularExpression" ? 1 : 0;
  const path = method && (method.service || method.method) ? grpcPath(method) : undefined;
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
  if (m.type === "RegularExpression")
    return {
      type: "RegularExpression",
      value: `/${service ? `(?:${service})` : "[^/]+"}/${method ? `(?:${method})` : "[^/]+"}`,
    };
  if (service && method) return { type: "Exact", value: `/${service}/${method}` };
  if (service) return { type: "PathPrefix", value: `/${service}` };
  return { type: "RegularExpression", value: `/[^/]+/${escapeRegex(method ?? "")}` };
}

/** A route hostname as an `:authority` match (any port; `*.` = one or more labels). */
export function authorityMatch(hostname: string): RouteMatchV2["headers"][number] {
  const h = hostname.toLowerCase();
  const host = h.startsWith("*.") ? `[^:]+${escapeRegex(h.slice(1))}` : escapeRegex(h);
  return { name: ":authority", type: "RegularExpression", value: `${host}(?::[0-9]+)?` };
}

/**
 * Both matches at once, for a fault limited by `matches`; null when they cannot be said
 * as one (different methods, or two different paths neither of which matches everything:
 * the fault then lands on fewer requests, never on others).
 */
export function bothMatches(a: RouteMatchV2, b: RouteMatchV2): RouteMatchV2 | null {
  if (a.method && b.method && a.method !== b.method) return null;
  const everything = (p: RouteMatchV2["path"]) => !p || (p.type === "PathPrefix" && p.value === "/");
  let path = a.path;
  if (everything(a.path)) path = b.path ?? a.path;
  else if (!everything(b.path) && (a.path!.type !== b.path!.type || a.path!.value !== b.path!.value))
    return null;
  const method = a.method ?? b.method;
  return {
    ...(path ? { path } : {}),
    ...(method ? { method } : {}),
    headers: [...a.headers, ...b.headers],
    queryParams: [...a.queryParams, ...b.queryParams],
    grpc: a.grpc,
  };
}

/** Lexicographic comparison of ranks, higher first. */
export function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const d = (b[k] ?? 0) - (a[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
}

function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
