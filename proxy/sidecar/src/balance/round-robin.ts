import type { SnapshotEndpoint } from "@trellis/protocol/snapshot";
import { type Balancer, EndpointHandle, reconcileHandles } from "./balancer.ts";

/** Plain round robin, for services that ask for it (`loadBalancer: round-robin`). */
export class RoundRobinBalancer implements Balancer {
  private handles: EndpointHandle[] = [];
  private next = 0;

  constructor(endpoints: readonly SnapshotEndpoint[]) {
    this.setEndpoints(endpoints);
  }

  get size(): number {
    return this.handles.length;
  }

  setEndpoints(endpoints: readonly SnapshotEndpoint[]): void {
    this.handles = reconcileHandles(this.handles, endpoints, (e) => new EndpointHandle(e, 0, 0));
  }

  pick(): EndpointHandle | undefined {
    const n = this.handles.length;
    if (n === 0) return undefined;
    const h = this.handles[this.next % n];
    this.next = (this.next + 1) % n;
    return h;
  }

  observe(_handle: EndpointHandle, _rttMs: number): void {}
}
