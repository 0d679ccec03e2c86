import { randomBytes } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { randomBase62 } from "@trellis/core/ids";
import type { TunnelCluster } from "@trellis/core/tunnel-auth";
import {
  type ConnectorMessage,
  type ControlMessage__Input,
  durationFromMs,
  type GoodbyeReason,
  timestampFromMs,
} from "@trellis/protocol/tunnel";
import type { Context } from "../context.ts";
import type { Logger } from "../observability/logger.ts";
import type { ConnectorHandlers } from "./handlers.ts";

export type TunnelCall = grpc.ServerDuplexStream<ConnectorMessage, ControlMessage__Input>;

/** A snapshot push this replica sent and has not heard back about. */
interface Pending {
  version: number;
  sentAtMs: number;
}

/** The newest snapshot waiting for a backed-up stream to drain. */
interface HeldPush {
  version: number;
  schema: string;
  payload: Buffer;
  alternates: readonly { schema: string; payload: Buffer }[];
}

/** A pushed snapshot is resent (by the reconcile loop) when it stays unanswered this long. */
export const pushRetryMs = 30_000;

/**
 * One connector's stream on this replica: Hello/Welcome, heartbeats, the xDS-style
 * version/nonce bookkeeping, and an ordered queue for messages that write to the
 * database (so a DiscoveryUpdate is never overtaken by an older one).
 */
export class TunnelSession {
  readonly id = randomBase62(12);
  /** The config version the connector holds, by its Hello or its ACKs. */
  acked = 0;
  /** Hello.accepted_schemas: the snapshot schemas the connector reads (empty: v1 only). */
  acceptedSchemas: readonly string[] = [];
  /** A version the connector refused: not offered again until a newer one exists. */
  nacked: number | null = null;
  helloed = false;
  /** Welcome sent: snapshots may follow (never before it). */
  welcomed = false;
  closed = false;
  lastRxMs = Date.now();
  private readonly pending = new Map<string, Pending>();
  /**
   * Backpressure: once a write finds the stream over its buffer (a slow or stalled
   * connector), config pushes wait for "drain" and only the newest waits — a snapshot
   * replaces every older one, so a backed-up stream never queues versions it would
   * only read past. Small messages (heartbeats, commands) still go out.
   */
  private backedUp = false;
  private held: HeldPush | null = null;
  private queue: Promise<void> = Promise.resolve();
  readonly log: Logger;

  constructor(
    readonly ctx: Context,
    readonly call: TunnelCall,
    readonly cluster: TunnelCluster,
    /** Set when the stream was opened with a join token: sent once in Welcome. */
    readonly newCredential: string | null,
    private readonly handlers: ConnectorHandlers,
  ) {
    this.log = ctx.logger.child({ cluster: cluster.id, session: this.id });
  }

  start(): void {
    this.call.on("data", (msg: ConnectorMessage) => this.receive(msg));
    this.call.on("error", () => {}); // "close"/"cancelled" carry the outcome
  }

  /** Writes one message; false when the stream's buffer is full (write on "drain"). */
  send(msg: ControlMessage__Input): boolean {
    if (this.closed) return true;
    try {
      return this.call.write(msg);
    } catch (err) {
      this.log.warn("tunnel write failed", { err });
      return true;
    }
  }

  welcome(desiredVersion: number, heartbeatMs: number): void {
    this.welcomed = true;
    this.send({
      welcome: {
        clusterId: this.cluster.id,
        clusterName: this.cluster.name,
        meshName: this.cluster.meshName,
        trustDomain: this.cluster.trustDomain,
        clusterCredential: this.newCredential ?? "",
        heartbeatInterval: durationFromMs(heartbeatMs),
        desiredVersion: desiredVersion === this.acked ? 0 : desiredVersion,
      },
    });
  }

  /** Whether `version` should be pushed now (not held, not refused, not in flight). */
  wants(version: number, nowMs = Date.now()): boolean {
    if (this.closed || !this.welcomed || version <= this.acked || version === this.nacked) return false;
    if (this.held && this.held.version >= version) return false;
    for (const p of this.pending.values())
      if (p.version === version && nowMs - p.sentAtMs < pushRetryMs) return false;
    return true;
  }

  push(
    version: number,
    schema: string,
    payload: Buffer,
    alternates: readonly { schema: string; payload: Buffer }[] = [],
  ): void {
    if (this.backedUp) {
      if (!this.held || this.held.version < version) this.held = { version, schema, payload, alternates };
      return;
    }
    const nonce = randomBytes(9).toString("base64url");
    this.pending.set(nonce, { version, sentAtMs: Date.now() });
    if (this.send({ config: { version, nonce, schema, payload, alternates: [...alternates] } })) return;
    this.backedUp = true;
    this.call.once("drain", () => {
      this.backedUp = false;
      const held = this.held;
      this.held = null;
      if (held && held.version > this.acked && !this.closed)
        this.push(held.version, held.schema, held.payload, held.alternates);
    });
  }

  /** Ends the stream: an optional Goodbye, then the status. Safe to call twice. */
  close(status: { code: grpc.status; details: string }, goodbye?: GoodbyeReason): void {
    if (this.closed) return;
    if (goodbye) this.send({ goodbye: { reason: goodbye, message: status.details } });
    this.closed = true;
    this.call.emit("error", { code: status.code, details: status.details, metadata: new grpc.Metadata() });
  }

  /** Runs database work for this stream in arrival order. */
  enqueue(work: () => Promise<void>): void {
    this.queue = this.queue
      .then(work)
      .catch((err: unknown) => this.log.error("tunnel message failed", { err }));
  }

  private receive(msg: ConnectorMessage): void {
    this.lastRxMs = Date.now();
    if (this.closed) return;
    if (!this.helloed && msg.message !== "hello") {
      this.close({ code: grpc.status.FAILED_PRECONDITION, details: "the first message must be Hello" });
      return;
    }
    this.dispatch(msg);
  }

  private dispatch(msg: ConnectorMessage): void {
    const h = this.handlers;
    switch (msg.message) {
      case "hello":
        if (this.helloed) break;
        this.helloed = true;
        this.acked = msg.hello!.appliedVersion;
        this.acceptedSchemas = msg.hello!.acceptedSchemas ?? [];
        this.enqueue(() => h.hello(this, msg.hello!));
        break;
      case "heartbeat":
        this.send({ heartbeat: { seq: msg.heartbeat!.seq, sentAt: timestampFromMs(Date.now()) } });
        break;
      case "ack":
        this.onAck(msg.ack!.version, msg.ack!.nonce);
        break;
      case "nack":
        this.onNack(msg.nack!.version, msg.nack!.nonce, msg.nack!.error);
        break;
      case "discovery":
        this.enqueue(() => h.discovery(this, msg.discovery!));
        break;
      case "proxyReport":
        this.enqueue(() => h.proxyReport(this, msg.proxyReport!));
        break;
      case "signRequest":
        // Not queued: a slow CA must not hold up ACKs and reports.
        void h
          .signRequest(this, msg.signRequest!)
          .catch((err: unknown) => this.log.error("sign request failed", { err }));
        break;
      case "webhookCertificateRequest":
        void h
          .webhookCertificate(this, msg.webhookCertificateRequest!)
          .catch((err: unknown) => this.log.error("webhook certificate request failed", { err }));
        break;
      case "resourceSync":
        // Queued: it writes resources, in order with discovery (its conditions read it).
        this.enqueue(() => h.resourceSync(this, msg.resourceSync!));
        break;
      case "metricBatch":
        h.metricBatch(this, msg.metricBatch!);
        break;
      case "tapEvent":
        h.tapEvent(this, msg.tapEvent!);
        break;
      case "commandResult":
        this.log.info("command result", { ...msg.commandResult! });
        break;
    }
  }

  private onAck(version: number, nonce: string): void {
    if (!this.answered(nonce)) {
      this.log.debug("ack for an unknown nonce", { version, nonce });
      return;
    }
    if (version > this.acked) this.acked = version;
    if (this.nacked !== null && this.nacked <= version) this.nacked = null;
    this.enqueue(() => this.handlers.ack(this, version));
  }

  private onNack(version: number, nonce: string, error: string): void {
    if (!this.answered(nonce)) {
      this.log.debug("nack for an unknown nonce", { version, nonce });
      return;
    }
    this.nacked = version;
    this.log.warn("connector refused a snapshot", { version, error });
    this.enqueue(() => this.handlers.nack(this, version, error));
  }

  /** Forgets the nonce (and every older push); false when the nonce is not ours. */
  private answered(nonce: string): boolean {
    const p = this.pending.get(nonce);
    if (!p) return false;
    for (const [n, q] of this.pending) if (q.version <= p.version) this.pending.delete(n);
    return true;
  }
}
