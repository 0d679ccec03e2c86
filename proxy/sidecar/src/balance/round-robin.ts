import type { Endpoint as SnapshotEndpoint } from "../routing/types.ts";
import { type Balancer, EndpointHandle, pickAvoiding, reconcileHandles, usable } from "./balancer.ts";

/** Plain round robin, for services that ask for it (`loadBalancer: round-robin`). */
export class RoundRobinBalancer implements Balancer {
  private list: EndpointHandle[] = [];
  private next = 0;

  constructor(endpoints: readonly SnapshotEndpoint[]) {
    this.setEndpoints(endpoints);
  }

  get size(): number {
    return this.list.length;
  }

  get handles(): readonly EndpointHandle[] {
    return this.list;
  }

  setEndpoints(endpoints: readonly SnapshotEndpoint[]): void {
    this.list = reconcileHandles(this.list, endpoints, (e) => new EndpointHandle(e, 0, 0));
  }

  pick(): EndpointHandle | undefined {
    const n = this.list.length;
    if (n === 0) return undefined;
    const now = performance.now();
    // Skips ejected, draining and gone endpoints; when all are out, uses the next one anyway.
    for (let k = 0; k < n; k++) {
      const h = this.list[this.next % n]!;
      this.next = (this.next + 1) % n;
      if (usable(h, now)) return h;
    }
    return this.list[this.next % n];
  }

  pickOther(avoid: readonly EndpointHandle[]): EndpointHandle | undefined {
    return pickAvoiding(this.list, avoid, (h) => h.pending, performance.now());
  }

  observe(_handle: EndpointHandle, _rttMs: number): void {}
}
