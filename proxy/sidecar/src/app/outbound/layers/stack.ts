import type { Downstream } from "../../../proxy/downstream.ts";
import { Exchange } from "../../../proxy/exchange.ts";
import type { Runtime } from "../../runtime.ts";
import { circuitBreaker } from "./circuit-breaker.ts";
import { dispatch } from "./dispatch.ts";
import { faultInjection } from "./fault-injection.ts";
import { requireEndpoints, requireIdentity, routeTimeout } from "./guards.ts";
import { requestMirror } from "./mirror.ts";
import { requestFilters } from "./request-filters.ts";
import { type OutboundLayer, type Routed, stack } from "./types.ts";

/**
 * The outbound policies, outermost first. Each is a layer `(next) => handler`; the
 * order is the contract: nothing is sent without endpoints and a certificate, the
 * route timeout covers everything after it, a fault answers before the circuit breaker
 * counts the request, the filters shape the request before it is mirrored and sent.
 * The snapshot attached every policy already: retry, fault, timeouts, filters and
 * mirrors are the route's; limits and outlier detection the backend cluster's.
 */
export const outboundLayers: readonly OutboundLayer[] = [
  requireEndpoints,
  requireIdentity,
  routeTimeout,
  faultInjection,
  circuitBreaker,
  requestFilters,
  requestMirror,
];

const handle = stack(outboundLayers, dispatch);

/** Runs a routed outbound request through the layers to the retrying dispatch. */
export function runOutboundPolicies(rt: Runtime, ds: Downstream, r: Routed): void {
  const { cluster } = r.backend;
  const edge = rt.edges.get("outbound", "", cluster.name, cluster.namespace, r.route.metricLabel);
  const ex = new Exchange(ds, "outbound", edge, "", rt.observer);
  handle({ rt, ex, r, faultLabel: undefined, up: undefined });
}
