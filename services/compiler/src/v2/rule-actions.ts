import type { FaultV2, FiltersV2, RetryV2, RouteActionV2, RouteV2 } from "@trellis/protocol/snapshot/v2";
import type { MergedService } from "../services.ts";
import { attachedPolicy, type RouteRef, type TargetIndex } from "./attachment.ts";
import { type AttachedFault, withFault } from "./faults.ts";
import { backendFilters, ruleFilters } from "./filters.ts";
import { serviceKey } from "./resources.ts";
import { meshDefaultRetry, ruleRetryOf } from "./retries.ts";
import type { RouteEntry } from "./route-entries.ts";
import { sessionOf } from "./session-persistence.ts";
import { msOf } from "./units.ts";
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
  /** Route names that more than one namespace uses: their labels carry the namespace. */
  sharedNames: ReadonlySet<string>;
}

type ForwardAction = Extract<RouteActionV2, { type: "forward" }>;
type Backend = ForwardAction["backends"][number];

/**
 * A route entry's metrics and policy label: `<route>` or `<route>/<rule>`, as the API's
 * users name them; `<namespace>/<route>[/<rule>]` when another namespace has a route of the
 * same name, so a label never stands for two routes.
 */
export function labelOf(route: RouteRef, rule: string | undefined, sharedNames: ReadonlySet<string>): string {
  const name = sharedNames.has(route.name) ? `${route.namespace}/${route.name}` : route.name;
  return rule ? `${name}/${rule}` : name;
}

/**
 * One route entry as routes of the snapshot (more than one when a fault with matches
 * splits it). A rule without backendRefs goes to the service the client addressed (GAMMA);
 * a rule whose every backend is unknown or weighs 0 answers 500 itself, as Gateway API
 * says; an unknown backend beside known ones is dropped and the others share its weight
 * (the snapshot's backends always name a cluster). Unknown mirrors are dropped.
 */
export function routesOfEntry(e: RouteEntry, ctx: ActionContext): RouteV2[] {
  const label = labelOf(e.route, e.rule.name, ctx.sharedNames);
  const source = {
    kind: e.route.kind,
    name: e.route.name,
    namespace: e.route.namespace,
    ...(e.rule.name ? { rule: e.rule.name } : {}),
  };
  const base = { label, source, ...(e.port !== undefined ? { port: e.port } : {}), match: e.match };
  const f = ruleFilters(e.rule.filters, e.pathPrefix);
  if (f.redirect) return [{ ...base, action: f.redirect }];
  const backends = backendsOf(e, ctx);
  if (backends.length === 0) {
    const reason = `no backend of route ${label} can take traffic: each names an unknown service or weighs 0`;
    return [{ ...base, action: { type: "direct-response", status: 500, reason } }];
  }
  const mirrors = f.mirrors
    .map((m) => ({ cluster: serviceKey(m.ref.namespace, m.ref.name), perMillion: m.perMillion }))
    .filter((m) => ctx.services.has(m.cluster));
  const requestTimeoutMs = msOf(e.rule.timeouts?.request);
  const backendMs = msOf(e.rule.timeouts?.backendRequest);
  const session = sessionOf(e.rule.sessionPersistence);
  const ruleRetry = e.rule.retry;
  return forward(
    ctx,
    e.route,
    base,
    (retry) => (retry && ruleRetry ? ruleRetryOf(retry, ruleRetry, source) : retry),
    (retry, fault) => ({
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
      ...(f.cors ? { cors: f.cors } : {}),
      ...(session ? { sessionPersistence: session } : {}),
    }),
  );
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
  return forward(
    ctx,
    undefined,
    base,
    (retry) => retry,
    (retry, fault) => ({
      type: "forward",
      backends: [{ cluster: key, weight: 10_000 }],
      requestTimeoutMs: 0,
      backendRequestTimeoutMs: 0,
      ...(retry ? { retry } : {}),
      ...(fault ? { fault } : {}),
      mirrors: [],
      filters: {},
    }),
  );
}

/**
 * A rule's backends in basis points. None written: the parent service itself. Two refs to
 * one service (say, two ports) are one backend with their summed weight, unless their
 * filters differ.
 */
function backendsOf(e: RouteEntry, ctx: ActionContext): Backend[] {
  if (e.rule.backendRefs.length === 0) return [{ cluster: ctx.parentKey, weight: 10_000 }];
  const merged = new Map<
    string,
    { item: { cluster: string; filters: FiltersV2 | undefined }; weight: number }
  >();
  for (const b of e.rule.backendRefs) {
    const cluster = serviceKey(b.namespace, b.name);
    if (!ctx.services.has(cluster)) continue;
    const filters = backendFilters(b.filters, e.pathPrefix);
    const key = `${cluster}\u0000${JSON.stringify(filters ?? null)}`;
    const seen = merged.get(key);
    if (seen) seen.weight += b.weight;
    else merged.set(key, { item: { cluster, filters }, weight: b.weight });
  }
  return toBasisPoints([...merged.values()]).map(({ item, weight }) => ({
    cluster: item.cluster,
    weight,
    ...(item.filters ? { filters: item.filters } : {}),
  }));
}

/**
 * Attaches retry and fault (route, then parent service, then a policy every backend
 * shares); `retryOfRoute` lets a rule's own retry refine what attached.
 */
function forward(
  ctx: ActionContext,
  route: RouteRef | undefined,
  base: Omit<RouteV2, "action">,
  retryOfRoute: (attached: RetryV2 | undefined) => RetryV2 | undefined,
  build: (retry: RetryV2 | undefined, fault: FaultV2 | undefined) => ForwardAction,
): RouteV2[] {
  const backendKeys = build(undefined, undefined).backends.map((b) => b.cluster);
  const retry = ctx.opaque
    ? undefined
    : retryOfRoute(attachedPolicy(ctx.retries, route, ctx.parentKey, backendKeys) ?? meshDefaultRetry);
  const fault = ctx.opaque ? undefined : attachedPolicy(ctx.faults, route, ctx.parentKey, backendKeys);
  const route0: RouteV2 = { ...base, action: build(retry, undefined) };
  return withFault(route0, fault, (f) => build(retry, f));
}
