import type { RouteMatchV2 } from "@trellis/protocol/snapshot/v2";
import type { MatchInput } from "./types.ts";

/**
 * Request matching for snapshot v2 routes. Each match is made into one predicate when the
 * snapshot is indexed (regular expressions compiled once); at request time a virtual
 * host's routes are tried in order and the first whose predicate holds wins. Gateway API
 * semantics: PathPrefix matches whole path elements, regular expressions the whole value,
 * headers by lower-case name; `:authority` is the request's authority as sent.
 */
type Predicate = (input: MatchInput) => boolean;

export function matchPredicate(m: RouteMatchV2): Predicate {
  const tests: Predicate[] = [];
  if (m.path) {
    const test = pathTest(m.path.type, m.path.value);
    tests.push((i) => test(i.path));
  }
  if (m.method) {
    const method = m.method;
    tests.push((i) => i.method === method);
  }
  for (const h of m.headers) tests.push(headerPredicate(h.name, h.type, h.value));
  if (m.queryParams.length > 0) tests.push(queryPredicate(m.queryParams));
  return all(tests);
}

export type PathMatchType = "Exact" | "PathPrefix" | "RegularExpression";

/** A Gateway API path match as a test on a path without query; throws on a bad regex. */
export function pathTest(type: PathMatchType, value: string): (path: string) => boolean {
  if (type === "Exact") return (p) => p === value;
  if (type === "PathPrefix") return (p) => pathPrefixMatches(value, p);
  const re = fullRegExp(value);
  return (p) => re.test(p);
}

/** Gateway API PathPrefix: matches whole path elements; "/foo" matches "/foo/bar", not "/foobar". */
export function pathPrefixMatches(prefix: string, path: string): boolean {
  const p = prefix.length > 1 && prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  if (p === "/") return true;
  if (!path.startsWith(p)) return false;
  return path.length === p.length || path.charCodeAt(p.length) === 47; /* '/' */
}

function headerPredicate(name: string, type: "Exact" | "RegularExpression", value: string): Predicate {
  const read: (i: MatchInput) => string | undefined =
    name === ":authority" ? (i) => i.authority : (i) => i.header(name);
  if (type === "RegularExpression") {
    const re = fullRegExp(value);
    return (i) => {
      const v = read(i);
      return v !== undefined && re.test(v);
    };
  }
  return (i) => read(i) === value;
}

function queryPredicate(queries: RouteMatchV2["queryParams"]): Predicate {
  const checks = queries.map((q) => {
    const re = q.type === "RegularExpression" ? fullRegExp(q.value) : undefined;
    return { name: q.name, test: re ? (v: string) => re.test(v) : (v: string) => v === q.value };
  });
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

// Gateway API regular expressions match the whole value (RE2 full-match semantics).
function fullRegExp(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}

function all(tests: Predicate[]): Predicate {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (i) => {
    for (const t of tests) if (!t(i)) return false;
    return true;
  };
}
