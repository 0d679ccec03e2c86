import type {
  DiscoveryUpdate,
  Hello,
  MetricBatch,
  ProxyReport,
  SignRequest,
  TapEvent,
} from "@trellis/protocol/tunnel";
import { signWorkloadCsr } from "../domain/certificates/sign-workload-csr.ts";
import { recordProxyReport } from "../domain/proxies/record-report.ts";
import { replaceDiscoveredServices } from "../domain/services/replace-discovered.ts";
import { markConnected } from "../domain/sync/connection.ts";
import { recordAck, recordNack } from "../domain/sync/record-answer.ts";
import type { TunnelSession } from "./session.ts";

/** What the tunnel does with each kind of connector message. */
export interface ConnectorHandlers {
  hello(s: TunnelSession, hello: Hello): Promise<void>;
  ack(s: TunnelSession, version: number): Promise<void>;
  nack(s: TunnelSession, version: number, error: string): Promise<void>;
  discovery(s: TunnelSession, update: DiscoveryUpdate): Promise<void>;
  proxyReport(s: TunnelSession, report: ProxyReport): Promise<void>;
  signRequest(s: TunnelSession, req: SignRequest): Promise<void>;
  metricBatch(s: TunnelSession, batch: MetricBatch): void;
  tapEvent(s: TunnelSession, event: TapEvent): void;
}

/** Metric batches are accepted and dropped until the observability work rolls them up. */
export function handleMetricBatch(_s: TunnelSession, _batch: MetricBatch): void {}

/** Tap events are accepted and dropped until the tap work relays them to watchers. */
export function handleTapEvent(_s: TunnelSession, _event: TapEvent): void {}

export function connectorHandlers(hooks: {
  heartbeatMs: number;
  /** Push the current config to the mesh's sessions (debounced). */
  schedule(meshId: string): void;
}): ConnectorHandlers {
  return {
    async hello(s, hello) {
      const desired = await markConnected(s.ctx, s.cluster.id, hello);
      if (desired === null) return; // deleted meanwhile; the revocation closes the stream
      // A connector ahead of us (say, a restored database) gets the current version anyway.
      if (s.acked > desired) s.acked = 0;
      s.welcome(desired, hooks.heartbeatMs);
      s.log.info("connector connected", { connectorVersion: hello.connectorVersion, applied: s.acked, desired });
      hooks.schedule(s.cluster.meshId);
    },
    ack: (s, version) => recordAck(s.ctx, s.cluster.id, version),
    nack: (s, version, error) => recordNack(s.ctx, s.cluster.id, version, error),
    async discovery(s, update) {
      await replaceDiscoveredServices(s.ctx, s.cluster, update.services);
    },
    proxyReport: (s, report) => recordProxyReport(s.ctx, s.cluster, report.proxies),
    async signRequest(s, req) {
      s.send({ signResponse: await signWorkloadCsr(s.ctx, s.cluster, req) });
    },
    metricBatch: handleMetricBatch,
    tapEvent: handleTapEvent,
  };
}
