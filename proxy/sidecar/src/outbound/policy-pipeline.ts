import { applyHeaderModifier } from "../filters/header-modifier.ts";
import { rewritePath } from "../filters/rewrite.ts";
import { endToEndHeaders, routeHeader } from "../http/hop-by-hop.ts";
import type { CompiledRetry, TargetMap } from "../policy/types.ts";
import { type BodySource, ReplayBody, StreamBody } from "../proxy/body.ts";
import type { Downstream } from "../proxy/downstream.ts";
import { Exchange } from "../proxy/exchange.ts";
import type { UpstreamRequest } from "../proxy/upstream-request.ts";
import type { CompiledRule, CompiledService, MatchInput, RoutingTable } from "../routing/types.ts";
import type { Runtime } from "../runtime.ts";
import { MeshDispatch } from "./dispatch.ts";

export type Routed = {
  table: RoutingTable;
  /** The service the app addressed (the route's parent). */
  parent: CompiledService;
  /** The service the request goes to (the weighted choice). */
  backend: CompiledService;
  rule: CompiledRule | undefined;
  /** The matched path prefix (for ReplacePrefixMatch). */
  prefix: string;
  input: MatchInput;
};

/**
 * The outbound policies, in order: FaultInjection (abort answers here, delay waits),
 * CircuitBreaker limits (admit, queue or refuse), then the request filters, mirrors
 * and the retrying dispatch. Outbound policies attach to a route (`<kind>/<name>`),
 * else to the service the app addressed, else to the backend service — the most
 * specific wins; circuit breakers protect the backend service.
 */
export function runOutboundPolicies(rt: Runtime, ds: Downstream, r: Routed): void {
  const { backend, rule } = r;
  const edge = rt.edges.get("outbound", "", backend.name, backend.namespace, rule?.label ?? "");
  const ex = new Exchange(ds, "outbound", edge, "", rt.observer);
  const balancer = rt.balancers.get(backend.key);
  if (!balancer || balancer.size === 0) {
    ex.fail("no-endpoints", `service ${backend.key} has no ready endpoints`);
    return;
  }
  if (!rt.meshTls.ready) {
    ex.fail("identity-unavailable", "the proxy has no workload certificate yet");
    return;
  }
  if (rule) ex.deadline(rule.requestTimeoutMs);
  const fault = attached(r.table.policies.faults, r);
  if (fault && (!fault.matches || fault.matches(r.input))) {
    if (fault.abort && roll(fault.abort.percent)) {
      edge.fault("abort");
      const a = fault.abort;
      ex.respondHere(a.httpStatus, a.grpcStatus, `fault-injected: abort (${fault.name})`, {
        "x-trellis-fault": "abort",
      });
      return;
    }
    if (fault.delay && roll(fault.delay.percent)) {
      edge.fault("delay");
      const timer = setTimeout(() => admit(rt, ex, r, "delay"), fault.delay.ms);
      ex.cancelUpstream = () => clearTimeout(timer);
      return;
    }
  }
  admit(rt, ex, r, undefined);
}

function admit(rt: Runtime, ex: Exchange, r: Routed, faultLabel: string | undefined): void {
  if (ex.finished) return;
  const limits = r.table.policies.breakers.get(r.backend.key)?.limits;
  if (!limits) {
    dispatch(rt, ex, r, faultLabel);
    return;
  }
  const gate = rt.policyState.gate(r.backend.key, limits);
  const entry = gate.enter(ex.ds.protocol === "h1", (ticket) => {
    ex.onFinish(ticket.release);
    if (!ex.finished) dispatch(rt, ex, r, faultLabel);
  });
  if (entry.state === "rejected") {
    ex.fail("circuit-open", `${r.backend.key}: ${gate.inFlight} requests in flight, ${gate.pending} waiting`);
  } else if (entry.state === "queued") {
    ex.cancelUpstream = entry.cancel;
  }
}

function dispatch(rt: Runtime, ex: Exchange, r: Routed, faultLabel: string | undefined): void {
  const { rule, table, backend } = r;
  const ds = ex.ds;
  const up = upstreamRequest(ds, r);
  const retryPolicy = attached(table.policies.retries, r);
  const now = performance.now();
  const retry = retryPolicy
    ? { policy: retryPolicy, budget: rt.policyState.budget(retryPolicy, backend.key, now) }
    : undefined;
  const breaker = table.policies.breakers.get(backend.key);
  const d = new MeshDispatch(rt, ex, {
    up,
    backend,
    balancer: rt.balancers.get(backend.key)!,
    body: requestBody(ds, retryPolicy),
    retry,
    perTryTimeoutMs: minPositive(retryPolicy?.perTryTimeoutMs ?? 0, rule?.backendTimeoutMs ?? 0),
    outlier: breaker?.outlier,
    responseHeaders: rule?.filters.responseHeaders,
    faultLabel,
  });
  const mirrors = rule?.filters.mirrors;
  d.start(mirrors?.length ? () => rt.mirrors.start(ds, up, mirrors, table) : undefined);
}

/** The request after RequestHeaderModifier and URLRewrite, with the route named for the server's proxy. */
function upstreamRequest(ds: Downstream, r: Routed): UpstreamRequest {
  const headers = endToEndHeaders(ds.headers);
  const rule = r.rule;
  let authority = ds.authority;
  let path = ds.path;
  delete headers[routeHeader]; // only proxies may say which route a request took
  if (rule) {
    headers[routeHeader] = `${rule.routeKind}/${rule.label}`;
    const f = rule.filters;
    if (f.requestHeaders) applyHeaderModifier(headers, f.requestHeaders);
    if (f.rewrite?.hostname) authority = f.rewrite.hostname;
    if (f.rewrite?.path) {
      const q = r.input.query;
      path = rewritePath(r.input.path, r.prefix, f.rewrite.path) + (q ? `?${q}` : "");
    }
  }
  headers.host = authority;
  return { method: ds.method, path, authority, headers };
}

function requestBody(ds: Downstream, retry: CompiledRetry | undefined): BodySource | undefined {
  if (!ds.hasBody) return undefined;
  if (!retry || retry.maxReplayBodyBytes === 0) return new StreamBody(ds.body);
  const length = Number(ds.headers["content-length"] ?? Number.NaN);
  if (length > retry.maxReplayBodyBytes) return new StreamBody(ds.body);
  return new ReplayBody(ds.body, retry.maxReplayBodyBytes);
}

/** The policy attached to the route, else to the addressed service, else to the backend. */
function attached<T>(map: TargetMap<T>, r: Routed): T | undefined {
  if (r.rule && map.byRoute.size > 0) {
    const hit = map.byRoute.get(`${r.rule.routeKind}/${r.rule.routeName}`);
    if (hit) return hit;
  }
  if (map.byService.size === 0) return undefined;
  return map.byService.get(r.parent.key) ?? map.byService.get(r.backend.key);
}

function roll(percent: number): boolean {
  return percent >= 100 || Math.random() * 100 < percent;
}

function minPositive(a: number, b: number): number {
  if (a <= 0) return b;
  if (b <= 0) return a;
  return Math.min(a, b);
}
