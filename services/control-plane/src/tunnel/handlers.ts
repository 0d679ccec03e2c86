import * as grpc from "@grpc/grpc-js";
import { signWebhookCertificate, signWorkloadCsr } from "@trellis/core/ca";
import { ingestProxyReport } from "@trellis/core/inventory";
import { ingestMetricBatch } from "@trellis/core/metrics";
import { observeConfigAck, observeConfigNack, timeCertificateIssuance } from "@trellis/core/observability";
import { syncClusterResources } from "@trellis/core/resources";
import { replaceDiscoveredServices } from "@trellis/core/services";
import { batchedAckRecorder, markConnected, recordNack } from "@trellis/core/sync";
import type {
  DiscoveryUpdate,
  Hello,
  MetricBatch,
  ProxyReport,
  ResourceSync,
  SignRequest,
  TapEvent,
  WebhookCertificateRequest,
} from "@trellis/protocol/tunnel";
import type { Context } from "../context.ts";
import type { TunnelSession } from "./session.ts";

/** What the tunnel does with each kind of connector message. */
export interface ConnectorHandlers {
  hello(s: TunnelSession, hello: Hello): Promise<void>;
  ack(s: TunnelSession, version: number): Promise<void>;
  nack(s: TunnelSession, version: number, error: string): Promise<void>;
  discovery(s: TunnelSession, update: DiscoveryUpdate): Promise<void>;
  proxyReport(s: TunnelSession, report: ProxyReport): Promise<void>;
  signRequest(s: TunnelSession, req: SignRequest): Promise<void>;
  webhookCertificate(s: TunnelSession, req: WebhookCertificateRequest): Promise<void>;
  /** The cluster's custom resources; answered with their statuses. */
  resourceSync(s: TunnelSession, sync: ResourceSync): Promise<void>;
  metricBatch(s: TunnelSession, batch: MetricBatch): void;
  tapEvent(s: TunnelSession, event: TapEvent): void;
}

/** Metric batches become per-minute rollups (queued: they write to the database). */
export function handleMetricBatch(s: TunnelSession, batch: MetricBatch): void {
  s.enqueue(() => ingestMetricBatch(s.ctx, s.cluster, batch));
}

/** Tap events go to the watching client, wherever it is connected (@trellis/core/tap, relay.ts). */
export function handleTapEvent(s: TunnelSession, event: TapEvent): void {
  s.ctx.taps.onTapEvent(s.cluster, event);
}

export function connectorHandlers(
  ctx: Context,
  hooks: {
    heartbeatMs: number;
    /** Push the current config to the mesh's sessions (debounced). */
    schedule(meshId: string): void;
  },
): ConnectorHandlers {
  const acks = batchedAckRecorder(ctx);
  return {
    async hello(s, hello) {
      const desired = await markConnected(s.ctx, s.cluster.id, hello).catch((err: unknown) => {
        s.close({
          code: grpc.status.UNAVAILABLE,
          details: "the control plane could not record the connection",
        });
        throw err;
      });
      if (desired === null) return; // deleted meanwhile; the revocation closes the stream
      // A connector ahead of us (say, a restored database) gets the current version anyway.
      if (s.acked > desired) s.acked = 0;
      s.welcome(desired, hooks.heartbeatMs);
      s.log.info("connector connected", {
        connectorVersion: hello.connectorVersion,
        applied: s.acked,
        desired,
      });
      hooks.schedule(s.cluster.meshId);
    },
    ack: (s, version) => {
      observeConfigAck(s.ctx, s.cluster.meshId, version);
      return acks.add(s.cluster.id, version);
    },
    nack: (s, version, error) => {
      observeConfigNack(s.ctx, s.cluster.meshId, version);
      return recordNack(s.ctx, s.cluster.id, version, error);
    },
    async discovery(s, update) {
      await replaceDiscoveredServices(s.ctx, s.cluster, update.services);
    },
    proxyReport: (s, report) => ingestProxyReport(s.ctx, s.cluster, report),
    async signRequest(s, req) {
      const issue = () => signWorkloadCsr(s.ctx, s.cluster, req);
      s.send({ signResponse: await timeCertificateIssuance(s.ctx, issue, (r) => !r.error) });
    },
    async webhookCertificate(s, req) {
      s.send({ signResponse: await signWebhookCertificate(s.ctx, s.cluster, req) });
    },
    async resourceSync(s, sync) {
      const result = await syncClusterResources(s.ctx, s.cluster, sync);
      if (result) s.send({ resourceSyncResult: result });
    },
    metricBatch: handleMetricBatch,
    tapEvent: handleTapEvent,
  };
}
