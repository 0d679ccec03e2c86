import { attached } from "./attached.ts";
import type { OutboundLayer } from "./types.ts";

/** FaultInjection: abort answers here with the configured status; delay waits, then goes on. */
export const faultInjection: OutboundLayer = (next) => (call) => {
  const { ex, r } = call;
  const fault = attached(r.table.policies.faults, r);
  if (fault && (!fault.matches || fault.matches(r.input))) {
    if (fault.abort && roll(fault.abort.percent)) {
      ex.edge.fault("abort");
      const a = fault.abort;
      ex.respondHere(a.httpStatus, a.grpcStatus, `fault-injected: abort (${fault.name})`, {
        "x-trellis-fault": "abort",
      });
      return;
    }
    if (fault.delay && roll(fault.delay.percent)) {
      ex.edge.fault("delay");
      call.faultLabel = "delay";
      const timer = setTimeout(() => {
        if (!ex.finished) next(call);
      }, fault.delay.ms);
      ex.cancelUpstream = () => clearTimeout(timer);
      return;
    }
  }
  next(call);
};

function roll(percent: number): boolean {
  return percent >= 100 || Math.random() * 100 < percent;
}
