import type { Table } from "../routing/types.ts";
import { type Balancer, usable } from "./balancer.ts";
import { PeakEwmaBalancer } from "./p2c-ewma.ts";
import { RoundRobinBalancer } from "./round-robin.ts";

/**
 * The balancers of every destination cluster, kept across table swaps so latency
 * estimates and in-flight counts survive config updates.
 */
export class BalancerRegistry {
  private readonly balancers = new Map<string, { kind: string; balancer: Balancer }>();
  /** `address:port` → why the connector says it must get no new requests. */
  private unavailable = new Map<string, string>();
  /** `address:port` of endpoints the snapshot says are draining. */
  private draining = new Set<string>();
  /** Requests waiting for an endpoint (see `whenChanged`). */
  private readonly waiters = new Set<() => void>();

  /** `defaultRttMs`: the latency assumed for an endpoint before it is measured. */
  constructor(private readonly defaultRttMs = 30) {}

  update(table: Table): void {
    const draining = new Set<string>();
    for (const [key, c] of table.clusters) {
      for (const e of c.endpoints) if (e.draining) draining.add(`${e.address}:${e.port}`);
      const existing = this.balancers.get(key);
      if (existing && existing.kind === c.loadBalancer) {
        existing.balancer.setEndpoints(c.endpoints);
        continue;
      }
      const balancer =
        c.loadBalancer === "round-robin"
          ? new RoundRobinBalancer(c.endpoints)
          : new PeakEwmaBalancer(c.endpoints, { defaultRttMs: this.defaultRttMs });
      this.balancers.set(key, { kind: c.loadBalancer, balancer });
    }
    for (const key of this.balancers.keys()) if (!table.clusters.has(key)) this.balancers.delete(key);
    this.draining = draining;
    this.markUnavailable();
    this.notify();
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
    this.notify();
    return added;
  }

  /**
   * Calls `fn` after the next change of endpoints (a snapshot or an overlay): a request
   * whose backend has none waits here rather than polling. Returns the cancel.
   */
  whenChanged(fn: () => void): () => void {
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  private notify(): void {
    if (this.waiters.size === 0) return;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const fn of waiting) fn();
  }

  private markUnavailable(): void {
    for (const { balancer } of this.balancers.values())
      for (const h of balancer.handles)
        h.unavailable = this.unavailable.get(h.key) ?? (this.draining.has(h.key) ? "draining" : undefined);
  }

  get(clusterKey: string): Balancer | undefined {
    return this.balancers.get(clusterKey)?.balancer;
  }

  /**
   * Whether the cluster has an endpoint that may take a new request now (not gone, not
   * draining, not ejected): a weighted split skips a backend without one.
   */
  serves(clusterKey: string, nowMs: number): boolean {
    const b = this.balancers.get(clusterKey)?.balancer;
    if (!b) return false;
    for (const h of b.handles) if (usable(h, nowMs)) return true;
    return false;
  }
}
