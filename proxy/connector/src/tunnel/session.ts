import * as grpc from "@grpc/grpc-js";
import {
  type Command,
  type ConfigSnapshot,
  type ConnectorMessage__Input,
  type ControlMessage,
  msFromDuration,
  type ResourceSyncResult,
  type SignResponse,
  timestampFromMs,
  type Welcome,
} from "@trellis/protocol/tunnel";
import { errorText, type Logger } from "@trellis/proxy-core/logger";
import type { Config, ControlPlaneEndpoint } from "../config.ts";
import { authMetadata, type TunnelAuth } from "./auth.ts";
import { newTunnelClient } from "./grpc-channel.ts";
import { acceptedSchemas } from "./snapshot-check.ts";

/** What the rest of the connector does with what arrives on the tunnel. */
export type SessionHooks = {
  /** The config version held now, for Hello. */
  appliedVersion(): number;
  /** Validate, persist and apply; resolves to the answer to send. */
  applySnapshot(msg: ConfigSnapshot): Promise<{ ok: true } | { ok: false; error: string }>;
  onWelcome(welcome: Welcome, session: TunnelSession): Promise<void> | void;
  onSignResponse(resp: SignResponse): void;
  onCommand(cmd: Command): void;
  /** The statuses of a ResourceSync (the CRD sync writes them back to the cluster). */
  onResourceSyncResult(result: ResourceSyncResult): void;
};

/** How one stream ended. `fatal` means: never reconnect with the same secret. */
export type SessionEnd = { welcomed: boolean; fatal: string | null; reason: string };

/**
 * One Connect stream, from Hello to its end: heartbeats, the silence watchdog and the
 * ordered handling of snapshots. The reconnect loop (tunnel-client.ts) runs these one
 * after another.
 */
export class TunnelSession {
  private readonly client: ReturnType<typeof newTunnelClient>;
  private readonly call: grpc.ClientDuplexStream<ConnectorMessage__Input, ControlMessage>;
  private open = true;
  private welcomed = false;
  private fatal: string | null = null;
  private lastRxMs = Date.now();
  private heartbeatMs: number;
  private heartbeatSeq = 0;
  /** Seqs of our pings not yet echoed; a heartbeat not in here is the server's ping. */
  private readonly outstanding = new Set<number>();
  private timers: NodeJS.Timeout[] = [];
  /** Snapshots are applied strictly in arrival order. */
  private applyChain: Promise<void> = Promise.resolve();
  readonly ended: Promise<SessionEnd>;

  constructor(
    private readonly config: Config,
    /** The replica this session dials. */
    readonly endpoint: ControlPlaneEndpoint,
    private readonly auth: TunnelAuth,
    discoveryMode: string,
    private readonly hooks: SessionHooks,
    private readonly log: Logger,
  ) {
    this.heartbeatMs = config.tuning.defaultHeartbeatMs;
    this.client = newTunnelClient(config, endpoint);
    this.call = this.client.Connect(authMetadata(auth));
    this.ended = new Promise((resolve) => {
      this.call.on("status", (status: grpc.StatusObject) => resolve(this.finish(status)));
    });
    this.call.on("error", () => {}); // the status event carries the outcome
    this.call.on("data", (msg: ControlMessage) => this.receive(msg));
    this.write({
      hello: {
        connectorVersion: config.version,
        appliedVersion: hooks.appliedVersion(),
        discoveryMode: discoveryMode,
        acceptedSchemas: [...acceptedSchemas],
      },
    });
    this.armTimers();
  }

  get isWelcomed(): boolean {
    return this.open && this.welcomed;
  }

  /** Sends when the stream is open and welcomed; false otherwise (the caller decides). */
  send(msg: ConnectorMessage__Input): boolean {
    if (!this.isWelcomed) return false;
    return this.write(msg);
  }

  /** Ends the stream from our side (stop, or a dead peer). */
  cancel(reason: string): void {
    if (!this.open) return;
    this.log.info("closing tunnel stream", { reason });
    this.call.cancel();
  }

  private write(msg: ConnectorMessage__Input): boolean {
    if (!this.open) return false;
    try {
      this.call.write(msg);
      return true;
    } catch (err) {
      this.log.warn("tunnel write failed", { error: errorText(err) });
      return false;
    }
  }

  private armTimers(): void {
    for (const t of this.timers) clearInterval(t);
    const deadMs = this.heartbeatMs * this.config.tuning.deadAfterHeartbeats;
    this.timers = [
      setInterval(() => this.ping(), this.heartbeatMs),
      // Checked four times per interval so silence is caught within ~deadMs + interval/4.
      setInterval(
        () => {
          if (Date.now() - this.lastRxMs > deadMs)
            this.cancel(`no message from the control plane for ${deadMs} ms`);
        },
        Math.max(10, Math.floor(this.heartbeatMs / 4)),
      ),
    ];
  }

  private ping(): void {
    const seq = ++this.heartbeatSeq;
    this.outstanding.add(seq);
    if (this.outstanding.size > 64) this.outstanding.delete(this.outstanding.values().next().value!);
    this.write({ heartbeat: { seq, sentAt: timestampFromMs(Date.now()) } });
  }

  private receive(msg: ControlMessage): void {
    this.lastRxMs = Date.now();
    switch (msg.message) {
      case "welcome":
        this.onWelcome(msg.welcome!);
        return;
      case "config": {
        const snap = msg.config!;
        this.applyChain = this.applyChain.then(async () => {
          const result = await this.hooks.applySnapshot(snap).catch((err: unknown) => ({
            ok: false as const,
            error: `could not apply snapshot: ${errorText(err)}`,
          }));
          const { version, nonce } = snap;
          this.write(
            result.ok ? { ack: { version, nonce } } : { nack: { version, nonce, error: result.error } },
          );
        });
        return;
      }
      case "heartbeat": {
        const seq = msg.heartbeat!.seq;
        if (!this.outstanding.delete(seq))
          this.write({ heartbeat: { seq, sentAt: timestampFromMs(Date.now()) } });
        return;
      }
      case "signResponse":
        this.hooks.onSignResponse(msg.signResponse!);
        return;
      case "command":
        this.hooks.onCommand(msg.command!);
        return;
      case "resourceSyncResult":
        this.hooks.onResourceSyncResult(msg.resourceSyncResult!);
        return;
      case "goodbye": {
        const { reason, message } = msg.goodbye!;
        this.log.warn("control plane said goodbye", { reason, message });
        if (reason === "GOODBYE_REASON_REVOKED") {
          this.fatal = `cluster credential revoked by the control plane${message ? `: ${message}` : ""}`;
        }
        return;
      }
    }
  }

  private onWelcome(welcome: Welcome): void {
    this.welcomed = true;
    const intervalMs = msFromDuration(welcome.heartbeatInterval);
    if (intervalMs && intervalMs > 0 && intervalMs !== this.heartbeatMs) {
      this.heartbeatMs = intervalMs;
      this.armTimers();
    }
    Promise.resolve(this.hooks.onWelcome(welcome, this)).catch((err: unknown) =>
      this.log.error("handling welcome failed", { error: errorText(err) }),
    );
  }

  private finish(status: grpc.StatusObject): SessionEnd {
    this.open = false;
    for (const t of this.timers) clearInterval(t);
    this.client.close();
    if (status.code === grpc.status.UNAUTHENTICATED) {
      this.fatal =
        this.auth.kind === "join-token"
          ? `join token rejected by the control plane: ${status.details}`
          : `cluster credential rejected by the control plane (revoked?): ${status.details}`;
    }
    const reason = `${grpc.status[status.code] ?? status.code}: ${status.details}`;
    return { welcomed: this.welcomed, fatal: this.fatal, reason };
  }
}
