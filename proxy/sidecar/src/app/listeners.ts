import { type Bindings, listenOn } from "../bind.ts";
import type { ProxyConfig } from "../config/flags.ts";
import type { Frontends } from "../proxy/frontends.ts";
import { attachInbound } from "./inbound/listener.ts";
import { attachOutbound } from "./outbound/listener.ts";
import type { Runtime } from "./runtime.ts";

export type TrafficFrontends = { inbound: Frontends[]; outbound: Frontends[]; all: Frontends[] };

/** Attaches the inbound and outbound handlers to their listeners; returns their frontends. */
export function attachTraffic(bindings: Bindings, rt: Runtime): TrafficFrontends {
  const outbound = bindings.outbound ? [attachOutbound(bindings.outbound, rt)] : [];
  if (bindings.inbound && !rt.appPools) throw new Error("--inbound needs --app");
  const inbound = bindings.inbound ? [attachInbound(bindings.inbound, rt)] : [];
  return { inbound, outbound, all: [...outbound, ...inbound] };
}

/**
 * Listens once the handlers are attached: outbound at once; inbound once a workload
 * certificate is there (before it, a peer's TLS handshake could not be answered —
 * better that it is refused and retried elsewhere than that it hangs). An inbound on
 * port 0 listens at once: no peer can know its port before the proxy says it, and
 * discovery (which the certificate waits for) needs that port.
 */
export async function listenTraffic(bindings: Bindings, config: ProxyConfig, rt: Runtime): Promise<void> {
  await listenOn(bindings.outbound, config.outbound);
  const inbound = bindings.inbound;
  if (!inbound || inbound.listening) return;
  const open = async () => {
    if (rt.draining()) return;
    await listenOn(inbound, config.inbound).then(
      () => rt.log.info("inbound listening", { address: inbound.address() }),
      (err: Error) => rt.log.error("inbound listener failed", { error: err.message }),
    );
  };
  if (rt.meshTls.ready || config.inbound?.port === 0) return open();
  const off = rt.meshTls.onChange(() => {
    off();
    void open();
  });
}
