import type { OutboundLayer } from "./types.ts";

/** A backend with no endpoint (or none known) answers 503 here. */
export const requireEndpoints: OutboundLayer = (next) => (call) => {
  const { rt, ex, r } = call;
  const balancer = rt.balancers.get(r.backend.cluster.key);
  if (!balancer || balancer.size === 0) {
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
