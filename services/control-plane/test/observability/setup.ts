import type { Clock } from "@trellis/core/clock";
import type { ProxyStatus__Input } from "@trellis/protocol/tunnel";
import { timestampFromMs } from "@trellis/protocol/tunnel";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { addCluster } from "../tunnel/setup.ts";

/** A clock tests move by hand (the worker's intervals and thresholds read it). */
export class MovableClock implements Clock {
  constructor(public ms = Date.parse("2026-03-02T10:00:20Z")) {}
  now = () => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * A control plane with the worker's own timer effectively off (tests run passes with
 * `cp.cp.worker.runOnce()`), a signed-up owner, and a simulated connector per cluster.
 */
export async function observabilityPlane(env: Record<string, string> = {}) {
  const clock = new MovableClock();
  const cp = await startTestControlPlane({ clock, env: { WORKER_INTERVAL_MS: "3600000", ...env } });
  const owner = (await signedUpClient(cp.url)).client;
  return { clock, cp, owner };
}

export async function connect(cp: TestControlPlane, owner: TestClient, mesh: string, cluster: string) {
  const sim = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, mesh, cluster) });
  await sim.welcome();
  return sim;
}

export function proxyStatus(id: string, over: Partial<ProxyStatus__Input> = {}): ProxyStatus__Input {
  return {
    proxyId: id,
    service: "web",
    namespace: "shop",
    workload: `web-${id}`,
    identity: "spiffe://td/ns/shop/sa/web",
    proxyVersion: "0.1.0",
    appliedConfigVersion: 1,
    health: "PROXY_HEALTH_READY",
    startedAt: timestampFromMs(Date.parse("2026-03-02T09:00:00Z")),
    certNotAfter: timestampFromMs(Date.parse("2026-03-03T09:00:00Z")),
    ...over,
  };
}

export async function runWorker(cp: TestControlPlane) {
  const worker = cp.cp.worker;
  if (!worker) throw new Error("the worker role is off");
  // The movable clock jumps where real time would have let the live streams renew their
  // connection leases every few seconds: renew them at the new time first.
  await cp.cp.tunnel?.hub.renewLeases();
  return worker.runOnce();
}
