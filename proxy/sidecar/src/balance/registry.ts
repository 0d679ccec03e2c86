import type { RoutingTable } from "../routing/types.ts";
import type { Balancer } from "./balancer.ts";
import { PeakEwmaBalancer } from "./p2c-ewma.ts";
import { RoundRobinBalancer } from "./round-robin.ts";

/**
 * The balancers of every destination service, kept across routing-table swaps so
 * latency estimates and in-flight counts survive config updates.
 */
export class BalancerRegistry {
  private readonly balancers = new Map<string, { kind: string; balancer: Balancer }>();
  /** `address:port` → why the connector says it must get no new requests. */
  private unavailable = new Map<string, string>();

  /** `defaultRttMs`: the latency assumed for an endpoint before it is measured. */
  constructor(private readonly defaultRttMs = 30) {}

  update(table: RoutingTable): void {
    for (const [key, svc] of table.services) {
      const existing = this.balancers.get(key);
      if (existing && existing.kind === svc.loadBalancer) {
        existing.balancer.setEndpoints(svc.endpoints);
        continue;
      }
      const balancer =
        svc.loadBalancer === "round-robin"
          ? new RoundRobinBalancer(svc.endpoints)
          : new PeakEwmaBalancer(svc.endpoints, { defaultRttMs: this.defaultRttMs });
      this.balancers.set(key, { kind: svc.loadBalancer, balancer });
    }
    for (const key of this.balancers.keys()) if (!table.services.has(key)) this.balancers.delete(key);
    this.markUnavailable();
  }

  /**
   * The connector's overlay (EndpointStates): these endpoints get no new requests until
   * the next overlay. Returns the endpoints that just became unavailable, so their idle
   * pooled connections can be closed.
   */
  setUnavailable(next: Map<string, string>): string[] {
    const added = [...next.keys()].filter((k) => !this.unavailable.has(k));
    this.unavailable = next;
    this.markUnavailable();
    return added;
  }

  private markUnavailable(): void {
    for (const { balancer } of this.balancers.values())
      for (const h of balancer.handles) h.unavailable = this.unavailable.get(h.key);
  }

  get(serviceKey: string): Balancer | undefined {
    return this.balancers.get(serviceKey)?.balancer;
  }
}
