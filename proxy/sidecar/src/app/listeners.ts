import { type Bindings, listenOn } from "../bind.ts";
import type { ProxyConfig } from "../config/flags.ts";
import type { Frontends } from "../proxy/frontends.ts";
import { attachInbound } from "./inbound/listener.ts";
import { attachOutbound } from "./outbound/listener.ts";
import type { Runtime } from "./runtime.ts";

/** Attaches the inbound and outbound handlers to their listeners; returns their frontends. */
export function attachTraffic(bindings: Bindings, rt: Runtime): Frontends[] {
  const frontends: Frontends[] = [];
  if (bindings.outbound) frontends.push(attachOutbound(bindings.outbound, rt));
  if (bindings.inbound) {
    if (!rt.appPools) throw new Error("--inbound needs --app");
    frontends.push(attachInbound(bindings.inbound, rt));
  }
  return frontends;
}

/**
 * Listens once the handlers are attached: outbound at once; inbound once a workload
 * certificate is there (before it, a peer's TLS handshake could not be answered —
 * better that it is refused and retried elsewhere than that it hangs).
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
  if (rt.meshTls.ready) return open();
  const off = rt.meshTls.onChange(() => {
    off();
    void open();
  });
}
