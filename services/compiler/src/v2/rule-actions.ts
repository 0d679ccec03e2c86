import type { FaultV2, RetryV2, RouteActionV2, RouteV2 } from "@trellis/protocol/snapshot/v2";
import type { MergedService } from "../services.ts";
import { attachedPolicy, type RouteRef, type TargetIndex } from "./attachment.ts";
import { type AttachedFault, withFault } from "./faults.ts";
import { ruleFilters } from "./filters.ts";
import { serviceKey } from "./resources.ts";
import { meshDefaultRetry } from "./retries.ts";
import type { RouteEntry } from "./route-entries.ts";
import { msOf, perMillionOf } from "./units.ts";
import { toBasisPoints } from "./weights.ts";

/** What turning route entries into routes needs to know about the mesh and its virtual host. */
export interface ActionContext {
  services: ReadonlyMap<string, MergedService>;
  retries: TargetIndex<RetryV2>;
  faults: TargetIndex<AttachedFault>;
  /** The virtual host's key (the service the client addressed). */
  parentKey: string;
  /** Every port is opaque TCP: routes carry no retry and no fault. */
  opaque: boolean;
}

type ForwardAction = Extract<RouteActionV2, { type: "forward" }>;

/**
 * One route entry as routes of the snapshot (more than one when a fault with matches
 * splits it). A rule whose every backend is unknown or weighs 0 answers 500 itself, as
 * Gateway API says; an unknown backend beside known ones is dropped and the others share
 * its weight (the snapshot's backends always name a cluster). Unknown mirrors are dropped.
 */
export function routesOfEntry(e: RouteEntry, ctx: ActionContext): RouteV2[] {
  const label = e.rule.name ? `${e.route.name}/${e.rule.name}` : e.route.name;
  const base = {
    label,
    source: { kind: e.route.kind, name: e.route.name, ...(e.rule.name ? { rule: e.rule.name } : {}) },
    ...(e.port !== undefined ? { port: e.port } : {}),
    match: e.match,
  };
  const f = ruleFilters(e.rule.filters, e.pathPrefix);
  if (f.redirect) return [{ ...base, action: f.redirect }];
  const resolved = e.rule.backendRefs
    .map((b) => ({ item: serviceKey(b.namespace, b.name), weight: b.weight }))
    .filter((b) => ctx.services.has(b.item));
  const backends = toBasisPoints(mergeSame(resolved)).map((b) => ({ cluster: b.item, weight: b.weight }));
  if (backends.length === 0) {
    const reason = `no backend of route ${label} can take traffic: each names an unknown service or weighs 0`;
    return [{ ...base, action: { type: "direct-response", status: 500, reason } }];
  }
  const mirrors = f.mirrors
    .map((m) => ({ cluster: serviceKey(m.ref.namespace, m.ref.name), perMillion: perMillionOf(m.percent) }))
    .filter((m) => ctx.services.has(m.cluster));
  const requestTimeoutMs = msOf(e.rule.timeouts?.request);
  const backendMs = msOf(e.rule.timeouts?.backendRequest);
  return forward(ctx, e.route, base, (retry, fault) => ({
    type: "forward",
    backends,
    requestTimeoutMs,
    // Gateway API: backendRequest must not exceed request; the stricter one wins.
    backendRequestTimeoutMs:
      requestTimeoutMs > 0 && backendMs > requestTimeoutMs ? requestTimeoutMs : backendMs,
    ...(retry ? { retry } : {}),
    ...(fault ? { fault } : {}),
    mirrors,
    filters: f.filters,
  }));
}

/** The route a service no route covers gets (GAMMA: traffic goes to the service itself). */
export function defaultRoutes(s: MergedService, port: number | undefined, ctx: ActionContext): RouteV2[] {
  const key = serviceKey(s.namespace, s.name);
  const base = {
    label: "default",
    source: { kind: "Service", name: s.name, namespace: s.namespace },
    ...(port !== undefined ? { port } : {}),
    match: { headers: [], queryParams: [], grpc: false },
  };
  return forward(ctx, undefined, base, (retry, fault) => ({
    type: "forward",
    backends: [{ cluster: key, weight: 10_000 }],
    requestTimeoutMs: 0,
    backendRequestTimeoutMs: 0,
    ...(retry ? { retry } : {}),
    ...(fault ? { fault } : {}),
    mirrors: [],
    filters: {},
  }));
}

/** Attaches retry and fault (route, then parent service, then a policy every backend shares). */
function forward(
  ctx: ActionContext,
  route: RouteRef | undefined,
  base: Omit<RouteV2, "action">,
  build: (retry: RetryV2 | undefined, fault: FaultV2 | undefined) => ForwardAction,
): RouteV2[] {
  const backendKeys = build(undefined, undefined).backends.map((b) => b.cluster);
  const retry = ctx.opaque
    ? undefined
    : (attachedPolicy(ctx.retries, route, ctx.parentKey, backendKeys) ?? meshDefaultRetry);
  const fault = ctx.opaque ? undefined : attachedPolicy(ctx.faults, route, ctx.parentKey, backendKeys);
  const route0: RouteV2 = { ...base, action: build(retry, undefined) };
  return withFault(route0, fault, (f) => build(retry, f));
}

/** Two backendRefs to one service (say, two ports) are one cluster with their summed weight. */
function mergeSame(list: { item: string; weight: number }[]): { item: string; weight: number }[] {
  const out = new Map<string, number>();
  for (const b of list) out.set(b.item, (out.get(b.item) ?? 0) + b.weight);
  return [...out].map(([item, weight]) => ({ item, weight }));
}
