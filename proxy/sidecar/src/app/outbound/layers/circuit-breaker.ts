import type { OutboundLayer } from "./types.ts";

/**
 * CircuitBreaker limits of the backend service: admit, queue (HTTP/1.1 pending) or
 * refuse with a fast 503 circuit-open. The slot is released when the exchange ends.
 */
export const circuitBreaker: OutboundLayer = (next) => (call) => {
  const { rt, ex, r } = call;
  if (ex.finished) return;
  const limits = r.table.policies.breakers.get(r.backend.key)?.limits;
  if (!limits) {
    next(call);
    return;
  }
  const gate = rt.policyState.gate(r.backend.key, limits);
  const entry = gate.enter(ex.ds.protocol === "h1", (ticket) => {
    ex.onFinish(ticket.release);
    if (!ex.finished) next(call);
  });
  if (entry.state === "rejected") {
    ex.fail("circuit-open", `${r.backend.key}: ${gate.inFlight} requests in flight, ${gate.pending} waiting`);
  } else if (entry.state === "queued") {
    ex.cancelUpstream = entry.cancel;
  }
};
