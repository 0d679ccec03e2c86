import { parseDurationMs } from "@trellis/protocol/duration";
import type { GRPCRouteSpec, HTTPRouteFilter, HTTPRouteSpec } from "@trellis/protocol/resources";
import type { ConfigSnapshot, SnapshotService } from "@trellis/protocol/snapshot";
import type {
  FaultV2,
  FiltersV2,
  RetryV2,
  RouteActionV2,
  RouteMatchV2,
  RouteV2,
} from "@trellis/protocol/snapshot/v2";
import { authorityMatch, bothMatches, compareRank, grpcMatch, httpMatch } from "./matches.ts";
import { meshDefaultRetry } from "./policies.ts";

// Reading v1 (one release): routes attached, ordered and resolved as snapshot v2 has them.

type Rule = HTTPRouteSpec["rules"][number] | GRPCRouteSpec["rules"][number];
type Attached<T> = { byRoute: Map<string, T>; byService: Map<string, T> };
export type RoutePolicies = {
  retries: Attached<RetryV2>;
  faults: Attached<{ fault: FaultV2; matches: RouteMatchV2[] }>;
};

type Entry = {
  kind: "HTTPRoute" | "GRPCRoute";
  name: string;
  rule: Rule;
  port: number | undefined;
  match: RouteMatchV2;
  rank: number[];
  pathPrefix: string | undefined;
  order: [number, number, number];
};

const key = (ns: string, name: string) => `${ns}/${name}`;

/** Route entries by the service (`namespace/name`) they attach to. */
export function entriesByService(s: ConfigSnapshot): Map<string, Entry[]> {
  const known = new Set(s.services.map((x) => key(x.namespace, x.name)));
  const out = new Map<string, Entry[]>();
  const add = (kind: Entry["kind"], name: string, spec: HTTPRouteSpec | GRPCRouteSpec) => {
    for (const parent of spec.parentRefs) {
      const k = key(parent.namespace, parent.name);
      if (!known.has(k)) continue;
      const list = out.get(k) ?? [];
      spec.rules.forEach((rule, r) => {
        const matches: unknown[] = rule.matches.length > 0 ? rule.matches : [{}];
        matches.forEach((m, i) => {
          const c = kind === "HTTPRoute" ? httpMatch(m as never) : grpcMatch(m as never);
          const hosts = spec.hostnames?.length ? spec.hostnames : [undefined];
          hosts.forEach((h, hi) => {
            const match = h ? { ...c.match, headers: [authorityMatch(h), ...c.match.headers] } : c.match;
            const hostRank = h ? [h.startsWith("*.") ? 1 : 2, h.length] : [0, 0];
            const rank = [...hostRank, ...c.rank];
            list.push({
              kind,
              name,
              rule,
              port: parent.port,
              match,
              rank,
              pathPrefix: c.pathPrefix,
              order: [r, i, hi],
            });
          });
        });
      });
      out.set(k, list);
    }
  };
  for (const r of s.grpcRoutes) add("GRPCRoute", r.name, r.spec);
  for (const r of s.httpRoutes) add("HTTPRoute", r.name, r.spec);
  for (const list of out.values()) list.sort(byPrecedence);
  return out;
}

function byPrecedence(a: Entry, b: Entry): number {
  return (
    Number(b.match.grpc) - Number(a.match.grpc) ||
    compareRank(a.rank, b.rank) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    a.order[0] - b.order[0] ||
    a.order[1] - b.order[1] ||
    a.order[2] - b.order[2]
  );
}

/** The routes of one entry: a fault limited by matches puts narrowed faulted copies first. */
export function routesOf(
  e: Entry,
  parentKey: string,
  services: ReadonlySet<string>,
  p: RoutePolicies,
): RouteV2[] {
  const label = "name" in e.rule && e.rule.name ? `${e.name}/${e.rule.name}` : e.name;
  const base = {
    label,
    source: { kind: e.kind, name: e.name, ...("name" in e.rule && e.rule.name ? { rule: e.rule.name } : {}) },
    ...(e.port !== undefined ? { port: e.port } : {}),
    match: e.match,
  };
  const f = filtersOf(e.rule.filters as HTTPRouteFilter[] | undefined, e.pathPrefix ?? "/");
  if (f.redirect) return [{ ...base, action: f.redirect }];
  const weights = new Map<string, number>();
  for (const b of e.rule.backendRefs) {
    const k = key(b.namespace, b.name);
    if (services.has(k) && b.weight > 0) weights.set(k, (weights.get(k) ?? 0) + b.weight);
  }
  if (weights.size === 0)
    return [
      {
        ...base,
        action: { type: "direct-response", status: 500, reason: `no backend of route ${label} resolves` },
      },
    ];
  const backends = basisPoints([...weights]).map(([cluster, weight]) => ({ cluster, weight }));
  const attached = <T>(a: Attached<T>) =>
    a.byRoute.get(`${e.kind}/${e.name}`) ??
    a.byService.get(parentKey) ??
    shared(
      a,
      backends.map((b) => b.cluster),
    );
  const retry = attached(p.retries) ?? meshDefaultRetry;
  const requestTimeoutMs = ms(e.rule.timeouts?.request);
  const backendMs = ms(e.rule.timeouts?.backendRequest);
  const forward = (fault: FaultV2 | undefined): RouteActionV2 => ({
    type: "forward",
    backends,
    requestTimeoutMs,
    backendRequestTimeoutMs:
      requestTimeoutMs > 0 && backendMs > requestTimeoutMs ? requestTimeoutMs : backendMs,
    retry,
    ...(fault ? { fault } : {}),
    mirrors: f.mirrors.filter((m) => services.has(m.cluster)),
    filters: f.filters,
  });
  const fault = attached(p.faults);
  if (!fault) return [{ ...base, action: forward(undefined) }];
  if (fault.matches.length === 0) return [{ ...base, action: forward(fault.fault) }];
  const narrowed = fault.matches.flatMap((m) => {
    const both = bothMatches(e.match, m);
    return both ? [{ ...base, match: both, action: forward(fault.fault) }] : [];
  });
  return [...narrowed, { ...base, action: forward(undefined) }];
}

/**
 * The routes a service no route covers gets: to the service itself. A fault limited by
 * `matches` puts a faulted copy per match first, as on a route.
 */
export function defaultRoutes(s: SnapshotService, port: number | undefined, p: RoutePolicies): RouteV2[] {
  const k = key(s.namespace, s.name);
  const opaque = s.ports.every((x) => x.protocol === "tcp");
  const fault = opaque ? undefined : (p.faults.byService.get(k) ?? undefined);
  const match = { headers: [], queryParams: [], grpc: false };
  const route = (m: RouteMatchV2, withFault: FaultV2 | undefined): RouteV2 => ({
    label: "default",
    source: { kind: "Service", name: s.name, namespace: s.namespace },
    ...(port !== undefined ? { port } : {}),
    match: m,
    action: {
      type: "forward",
      backends: [{ cluster: k, weight: 10_000 }],
      requestTimeoutMs: 0,
      backendRequestTimeoutMs: 0,
      ...(opaque ? {} : { retry: p.retries.byService.get(k) ?? meshDefaultRetry }),
      ...(withFault ? { fault: withFault } : {}),
      mirrors: [],
      filters: {},
    },
  });
  if (!fault) return [route(match, undefined)];
  if (fault.matches.length === 0) return [route(match, fault.fault)];
  return [...fault.matches.map((m) => route({ ...m, grpc: false }, fault.fault)), route(match, undefined)];
}

function shared<T>(a: Attached<T>, keys: string[]): T | undefined {
  const found = keys.map((k) => a.byService.get(k));
  return found.length > 0 && found.every((x) => x !== undefined && x === found[0]) ? found[0] : undefined;
}

function filtersOf(list: readonly HTTPRouteFilter[] | undefined, prefix: string) {
  const filters: FiltersV2 = {};
  let redirect: Extract<RouteActionV2, { type: "redirect" }> | undefined;
  const mirrors: { cluster: string; perMillion: number }[] = [];
  const lower = (h: { name: string; value: string }) => ({ name: h.name.toLowerCase(), value: h.value });
  const mod = (m: {
    set?: { name: string; value: string }[];
    add?: { name: string; value: string }[];
    remove?: string[];
  }) => ({
    set: (m.set ?? []).map(lower),
    add: (m.add ?? []).map(lower),
    remove: (m.remove ?? []).map((n) => n.toLowerCase()),
  });
  const path = (
    p:
      | { type: "ReplaceFullPath"; replaceFullPath: string }
      | { type: "ReplacePrefixMatch"; replacePrefixMatch: string },
  ) =>
    p.type === "ReplaceFullPath"
      ? { type: "ReplaceFullPath" as const, value: p.replaceFullPath }
      : { type: "ReplacePrefixMatch" as const, prefix, value: p.replacePrefixMatch };
  for (const f of list ?? []) {
    if (f.type === "RequestHeaderModifier") filters.requestHeaders = mod(f.requestHeaderModifier);
    else if (f.type === "ResponseHeaderModifier") filters.responseHeaders = mod(f.responseHeaderModifier);
    else if (f.type === "URLRewrite")
      filters.urlRewrite = {
        ...(f.urlRewrite.hostname ? { hostname: f.urlRewrite.hostname } : {}),
        ...(f.urlRewrite.path ? { path: path(f.urlRewrite.path) } : {}),
      };
    else if (f.type === "RequestMirror") {
      const ref = f.requestMirror.backendRef;
      mirrors.push({
        cluster: key(ref.namespace, ref.name),
        perMillion: Math.round(f.requestMirror.percent * 10_000),
      });
    } else if (f.type === "RequestRedirect") {
      const r = f.requestRedirect;
      redirect = {
        type: "redirect",
        ...(r.scheme ? { scheme: r.scheme } : {}),
        ...(r.hostname ? { hostname: r.hostname } : {}),
        ...(r.port ? { port: r.port } : {}),
        ...(r.path ? { path: path(r.path) } : {}),
        statusCode: r.statusCode,
      };
    }
  }
  return { filters, redirect, mirrors };
}

const ms = (d: string | undefined) => (d === undefined ? 0 : parseDurationMs(d));

/** Weights as basis points summing to 10,000 (largest remainder), each kept ≥ 1. */
function basisPoints(list: [string, number][]): [string, number][] {
  const sum = list.reduce((s, [, w]) => s + w, 0);
  const exact = list.map(([, w]) => (w * 10_000) / sum);
  const points = exact.map((e) => Math.max(1, Math.floor(e)));
  let left = 10_000 - points.reduce((s, p) => s + p, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) points[byRemainder[k % byRemainder.length]!.i]!++;
  while (left < 0) {
    points[points.indexOf(Math.max(...points))]!--;
    left++;
  }
  return list.map(([c], i) => [c, points[i]!]);
}
