import type { OutboundLayer } from "./types.ts";

/** FaultInjection: abort answers here with the configured status; delay waits, then goes on. */
export const faultInjection: OutboundLayer = (next) => (call) => {
  const { ex, r } = call;
  const fault = r.forward.fault;
  if (fault) {
    if (fault.abort && roll(fault.abort.perMillion)) {
      ex.edge.fault("abort");
      const a = fault.abort;
      ex.respondHere(a.httpStatus, a.grpcStatus, `fault-injected: abort (${fault.name})`, {
        "x-trellis-fault": "abort",
      });
      return;
    }
    if (fault.delay && roll(fault.delay.perMillion)) {
      ex.edge.fault("delay");
      call.faultLabel = "delay";
      const timer = setTimeout(() => {
        if (!ex.finished) next(call);
      }, fault.delay.ms);
      ex.cancelUpstream = { cancel: () => clearTimeout(timer) };
      return;
    }
  }
  next(call);
};

function roll(perMillion: number): boolean {
  return perMillion >= 1_000_000 || Math.random() * 1_000_000 < perMillion;
}
