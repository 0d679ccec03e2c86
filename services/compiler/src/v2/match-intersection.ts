import type { RouteMatchV2 } from "@trellis/protocol/snapshot/v2";

type Path = NonNullable<RouteMatchV2["path"]>;

/**
 * The requests that match both `a` and `b`, as one match: `null` when no request can,
 * `"inexpressible"` when the two paths cannot be said as one (a regular expression beside
 * a different prefix or expression: RE2, which Envoy uses, has no intersection). Headers
 * and query parameters are all required, so they add up; `grpc` is `a`'s.
 */
export function intersectMatches(a: RouteMatchV2, b: RouteMatchV2): RouteMatchV2 | null | "inexpressible" {
  if (a.method && b.method && a.method !== b.method) return null;
  const path = intersectPaths(a.path, b.path);
  if (path === null || path === "inexpressible") return path;
  const method = a.method ?? b.method;
  return {
    ...(path ? { path } : {}),
    ...(method ? { method } : {}),
    headers: [...a.headers, ...b.headers],
    queryParams: [...a.queryParams, ...b.queryParams],
    grpc: a.grpc,
  };
}

function intersectPaths(a: Path | undefined, b: Path | undefined): Path | undefined | null | "inexpressible" {
  if (!b) return a;
  if (!a || isEverything(a)) return b;
  if (isEverything(b)) return a;
  if (a.type === b.type && a.value === b.value) return a;
  if (a.type === "Exact") return pathMatches(b, a.value) ? a : null;
  if (b.type === "Exact") return pathMatches(a, b.value) ? b : null;
  if (a.type === "PathPrefix" && b.type === "PathPrefix") {
    if (prefixMatches(a.value, b.value)) return b;
    if (prefixMatches(b.value, a.value)) return a;
    return null;
  }
  return "inexpressible";
}

const isEverything = (p: Path) => p.type === "PathPrefix" && p.value === "/";

/** Whether a concrete path satisfies a path match (Gateway API semantics). */
export function pathMatches(p: Path, path: string): boolean {
  if (p.type === "Exact") return p.value === path;
  if (p.type === "PathPrefix") return prefixMatches(p.value, path);
  // Gateway API regular expressions match the whole path.
  return new RegExp(`^(?:${p.value})$`).test(path);
}

/** Gateway API PathPrefix: whole path elements; "/foo" matches "/foo/bar", not "/foobar". */
export function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.length > 1 && prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  if (p === "/") return true;
  return path.startsWith(p) && (path.length === p.length || path[p.length] === "/");
}
