import type { GRPCRouteSpec, HTTPRouteMatch } from "@trellis/protocol/resources";
import type { MatchInput } from "./types.ts";

/**
 * Request matching for HTTPRoute and GRPCRoute (Gateway API v1). Each match is
 * compiled once into a predicate plus a rank; at request time the service's matches
 * are scanned in rank order and the first hit wins.
 *
 * HTTP precedence (Gateway API HTTPRouteRule): route hostname specificity, then Exact
 * path, then the longest path (our choice where the spec is silent: RegularExpression
 * ranks between Exact and PathPrefix), then method, then the most header matches,
 * then the most query param matches; ties go to the route name, then rule order.
 */
type Predicate = (input: MatchInput) => boolean;
type HeaderMatch = { type?: "Exact" | "RegularExpression"; name: string; value: string };
type GrpcMatch = NonNullable<GRPCRouteSpec["rules"][number]["matches"]>[number];

const pathKindRank = { Exact: 3, RegularExpression: 2, PathPrefix: 1 } as const;

export function compileHttpMatch(match: HTTPRouteMatch): {
  test: Predicate;
  rank: number[];
  /** The prefix a ReplacePrefixMatch rewrite replaces (Exact paths replace whole). */
  pathPrefix: string | undefined;
} {
  const tests: Predicate[] = [];
  // Gateway API defaults a match's path to PathPrefix "/", which ranks like one.
  const path = match.path ?? { type: "PathPrefix" as const, value: "/" };
  if (match.path) tests.push(pathPredicate(path.type, path.value));
  if (match.method) {
    const method = match.method;
    tests.push((i) => i.method === method);
  }
  for (const h of match.headers ?? []) tests.push(headerPredicate(h));
  const queries = match.queryParams ?? [];
  if (queries.length > 0) tests.push(queryPredicate(queries));
  const rank = [
    pathKindRank[path.type],
    path.type === "RegularExpression" ? path.value.length : normalisePrefix(path.value).length,
    match.method ? 1 : 0,
    match.headers?.length ?? 0,
    queries.length,
  ];
  return { test: all(tests), rank, pathPrefix: path.type === "RegularExpression" ? undefined : path.value };
}

/** gRPC precedence: longest matching service, then method, then most header matches. */
export function compileGrpcMatch(match: GrpcMatch): { test: Predicate; rank: number[] } {
  const tests: Predicate[] = [];
  const m = match.method;
  if (m && (m.service || m.method)) tests.push(grpcMethodPredicate(m.type ?? "Exact", m.service, m.method));
  for (const h of match.headers ?? []) tests.push(headerPredicate(h));
  const exact = m?.type !== "RegularExpression" ? 1 : 0;
  const rank = [
    m?.service ? 1 + exact : 0,
    m?.service?.length ?? 0,
    m?.method?.length ?? 0,
    match.headers?.length ?? 0,
  ];
  return { test: all(tests), rank };
}

/** Gateway API PathPrefix: matches whole path elements; "/foo" matches "/foo/bar", not "/foobar". */
export function pathPrefixMatches(prefix: string, path: string): boolean {
  const p = normalisePrefix(prefix);
  if (p === "/") return true;
  if (!path.startsWith(p)) return false;
  return path.length === p.length || path.charCodeAt(p.length) === 47; /* '/' */
}

function normalisePrefix(prefix: string): string {
  return prefix.length > 1 && prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
}

function pathPredicate(type: PathMatchType, value: string): Predicate {
  const test = pathTest(type, value);
  return (i) => test(i.path);
}

export type PathMatchType = "Exact" | "PathPrefix" | "RegularExpression";

/** A Gateway API path match as a test on a path without query; throws on a bad regex. */
export function pathTest(type: PathMatchType, value: string): (path: string) => boolean {
  if (type === "Exact") return (p) => p === value;
  if (type === "PathPrefix") return (p) => pathPrefixMatches(value, p);
  const re = fullRegExp(value);
  return (p) => re.test(p);
}

function headerPredicate(h: HeaderMatch): Predicate {
  const name = h.name.toLowerCase();
  if (h.type === "RegularExpression") {
    const re = fullRegExp(h.value);
    return (i) => {
      const v = i.header(name);
      return v !== undefined && re.test(v);
    };
  }
  const value = h.value;
  return (i) => i.header(name) === value;
}

function queryPredicate(queries: NonNullable<HTTPRouteMatch["queryParams"]>): Predicate {
  const checks = queries.map((q) => ({
    name: q.name,
    test: q.type === "RegularExpression" ? regexTest(fullRegExp(q.value)) : (v: string) => v === q.value,
  }));
  return (i) => {
    if (i.query === "") return false;
    const params = new URLSearchParams(i.query);
    for (const c of checks) {
      const v = params.get(c.name);
      if (v === null || !c.test(v)) return false;
    }
    return true;
  };
}

function grpcMethodPredicate(
  type: "Exact" | "RegularExpression",
  service: string | undefined,
  method: string | undefined,
): Predicate {
  const svc =
    service === undefined
      ? undefined
      : type === "Exact"
        ? exactTest(service)
        : regexTest(fullRegExp(service));
  const mth =
    method === undefined ? undefined : type === "Exact" ? exactTest(method) : regexTest(fullRegExp(method));
  return (i) => {
    // A gRPC path is "/<package.Service>/<Method>".
    const slash = i.path.indexOf("/", 1);
    if (i.path.charCodeAt(0) !== 47 || slash < 0) return false;
    if (svc && !svc(i.path.slice(1, slash))) return false;
    if (mth && !mth(i.path.slice(slash + 1))) return false;
    return true;
  };
}

/** Route hostnames: exact, or a leading "*." wildcard matching one or more labels. */
export function hostnameMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern.toLowerCase() === host;
}

// Gateway API regular expressions match the whole value (RE2 full-match semantics).
function fullRegExp(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}

function exactTest(value: string): (v: string) => boolean {
  return (v) => v === value;
}

function regexTest(re: RegExp): (v: string) => boolean {
  return (v) => re.test(v);
}

function all(tests: Predicate[]): Predicate {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (i) => {
    for (const t of tests) if (!t(i)) return false;
    return true;
  };
}

/** Lexicographic comparison of ranks, higher first. */
export function compareRank(a: readonly number[], b: readonly number[]): number {
  const n = Math.max(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const d = (b[k] ?? 0) - (a[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
