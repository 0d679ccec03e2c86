import type { Balancer } from "../../balance/balancer.ts";
import type { Exchange } from "../../proxy/exchange.ts";
import type { Runtime } from "../runtime.ts";

/**
 * Holds an exchange whose backend cluster has no endpoint at all — its only proxy restarts
 * or is still starting, so the snapshot left it out — until a snapshot (or overlay) brings
 * one back: then `send` runs with the cluster's current balancer. When `remainingMs` (what
 * is left of the route's connect-retry window) passes first, the exchange fails with
 * `no-endpoints`. Woken by the balancer registry's change, never by polling; the wait ends
 * with the exchange (its `cancelUpstream`).
 */
export function awaitEndpoints(
  rt: Runtime,
  ex: Exchange,
  cluster: string,
  remainingMs: number,
  send: (balancer: Balancer) => void,
): void {
  let cancelWait = () => {};
  const timer = setTimeout(() => {
    cancelWait();
    if (!ex.finished)
      ex.fail("no-endpoints", `service ${cluster} had no ready endpoint within the retry window`);
  }, remainingMs);
  const wake = () => {
    if (ex.finished) return;
    const balancer = rt.balancers.get(cluster);
    if (!balancer || balancer.size === 0) {
      cancelWait = rt.balancers.whenChanged(wake);
      return;
    }
    clearTimeout(timer);
    send(balancer);
  };
  cancelWait = rt.balancers.whenChanged(wake);
  ex.cancelUpstream = {
    cancel: () => {
      clearTimeout(timer);
      cancelWait();
    },
  };
}
