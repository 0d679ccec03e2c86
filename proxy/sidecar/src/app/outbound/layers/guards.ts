import type { OutboundLayer } from "./types.ts";

/**
 * A backend with no endpoint (or none known) answers 503 here — unless the route's retry
 * has a connect-retry window: then the dispatch waits that long for one (a one-endpoint
 * service whose proxy restarts is briefly left out of the snapshot).
 */
export const requireEndpoints: OutboundLayer = (next) => (call) => {
  const { rt, ex, r } = call;
  const balancer = rt.balancers.get(r.backend.cluster.key);
  const waits = (r.forward.retry?.connectRetryWindowMs ?? 0) > 0;
  if (!balancer || (balancer.size === 0 && !waits)) {
    ex.fail("no-endpoints", `service ${r.backend.cluster.key} has no ready endpoints`);
    return;
  }
  next(call);
};

/** Without a workload certificate no mTLS connection can be made: 503 here. */
export const requireIdentity: OutboundLayer = (next) => (call) => {
  if (!call.rt.meshTls.ready) {
    call.ex.fail("identity-unavailable", "the proxy has no workload certificate yet");
    return;
  }
  next(call);
};

/** The route's `timeouts.request` bounds the whole exchange, retries included. */
export const routeTimeout: OutboundLayer = (next) => (call) => {
  call.ex.deadline(call.r.forward.requestTimeoutMs);
  next(call);
};
