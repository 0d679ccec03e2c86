import type { OutboundLayer } from "./types.ts";

/**
 * CircuitBreaker limits of the backend cluster: admit, queue (HTTP/1.1 pending) or
 * refuse with a fast 503 circuit-open. The slot is released when the exchange ends.
 */
export const circuitBreaker: OutboundLayer = (next) => (call) => {
  const { rt, ex, r } = call;
  if (ex.finished) return;
  const cluster = r.backend.cluster;
  if (!cluster.limits) {
    next(call);
    return;
  }
  const gate = rt.policyState.gate(cluster.key, cluster.limits);
  const entry = gate.enter(ex.ds.protocol === "h1", (ticket) => {
    ex.onFinish(ticket.release);
    if (!ex.finished) next(call);
  });
  if (entry.state === "rejected") {
    ex.fail("circuit-open", `${cluster.key}: ${gate.inFlight} requests in flight, ${gate.pending} waiting`);
  } else if (entry.state === "queued") {
    ex.cancelUpstream = entry;
  }
};
