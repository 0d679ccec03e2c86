import type { RouteMatchV2 } from "@trellis/protocol/snapshot/v2";
import type { XdsClientKind } from "./node-profile.ts";

/** A v2 string match as Envoy's StringMatcher. */
export function stringMatch(m: {
  type: "Exact" | "RegularExpression";
  value: string;
}): Record<string, unknown> {
  return m.type === "Exact" ? { exact: m.value } : { safe_regex: { regex: m.value } };
}

/**
 * A v2 match as Envoy's RouteMatch. Gateway API's PathPrefix matches whole segments
 * ("/foo" matches "/foo/bar", not "/foobar"): Envoy's `path_separated_prefix` says exactly
 * that; grpc-js-xds knows only `prefix`, which is the same for gRPC's "/pkg.Service/"
 * prefixes (they end in "/") and looser otherwise.
 */
export function routeMatch(m: RouteMatchV2, kind: XdsClientKind): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const p = m.path ?? { type: "PathPrefix", value: "/" };
  if (p.type === "Exact") out.path = p.value;
  else if (p.type === "RegularExpression") out.safe_regex = { regex: p.value };
  else if (kind === "envoy" && p.value !== "/" && !p.value.endsWith("/")) out.path_separated_prefix = p.value;
  else out.prefix = p.value;
  const headers = [
    ...(m.method ? [{ name: ":method", string_match: { exact: m.method } }] : []),
    ...m.headers.map((h) => ({ name: h.name, string_match: stringMatch(h) })),
  ];
  if (headers.length > 0) out.headers = headers;
  if (m.queryParams.length > 0)
    out.query_parameters = m.queryParams.map((q) => ({ name: q.name, string_match: stringMatch(q) }));
  if (m.grpc && kind === "envoy") out.grpc = {};
  return out;
}
