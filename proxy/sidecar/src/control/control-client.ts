import * as grpc from "@grpc/grpc-js";
import {
  type ConnectorToProxy,
  type ProxyHello__Input,
  type ProxyMessage__Input,
  type TunnelProtoGrpcType,
  tunnelPackageDefinition,
} from "@trellis/protocol/tunnel";
import type { Logger } from "@trellis/proxy-core/logger";
import type { HostPort } from "../config/flags.ts";

export type ControlHandlers = {
  /** The ProxyHello to open each stream with (read fresh: the applied version changes). */
  hello(): ProxyHello__Input;
  /** Each message from the connector. */
  message(msg: ConnectorToProxy): void;
  /** A stream is open and the hello sent; resend anything the last stream lost. */
  connected(): void;
};

/**
 * The proxy's end of `trellis.proxy.v1.ProxyControl/Stream`: one stream to the local
 * connector, reopened with capped exponential backoff and full jitter whenever it
 * ends. While it is down the proxy keeps serving with what it has.
 */
export class ControlClient {
  private readonly client: grpc.Client & {
    Stream(): grpc.ClientDuplexStream<ProxyMessage__Input, ConnectorToProxy>;
  };
  private call: grpc.ClientDuplexStream<ProxyMessage__Input, ConnectorToProxy> | undefined;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  connected = false;

  constructor(
    connector: HostPort,
    private readonly handlers: ControlHandlers,
    private readonly log: Logger,
    private readonly backoff = { baseMs: 200, maxMs: 10_000 },
  ) {
    const pkg = grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType;
    const Ctor = pkg.trellis.proxy.v1.ProxyControl;
    const host = connector.host.includes(":") ? `[${connector.host}]` : connector.host;
    this.client = new Ctor(`${host}:${connector.port}`, grpc.credentials.createInsecure(), {
      "grpc.keepalive_time_ms": 30_000,
      "grpc.keepalive_timeout_ms": 10_000,
    }) as unknown as typeof this.client;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  /** Sends one message; false when no stream is open (the caller retries later). */
  send(msg: ProxyMessage__Input): boolean {
    if (!this.call || !this.connected) return false;
    this.call.write(msg);
    return true;
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.call?.end();
    this.call?.cancel();
    this.client.close();
  }

  private open(): void {
    if (this.stopped) return;
    const call = this.client.Stream();
    this.call = call;
    let ended = false;
    const onEnd = (reason: string) => {
      if (ended) return;
      ended = true;
      this.connected = false;
      if (this.call === call) this.call = undefined;
      if (this.stopped) return;
      const ceiling = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** this.attempt);
      const delay = Math.round(Math.random() * ceiling);
      this.attempt = Math.min(this.attempt + 1, 16);
      this.log.debug("control stream closed; reconnecting", { reason, delayMs: delay });
      this.retryTimer = setTimeout(() => this.open(), delay);
    };
    call.on("data", (msg: ConnectorToProxy) => {
      this.attempt = 0; // the connector answered: the next outage starts from a short backoff
      this.handlers.message(msg);
    });
    call.on("error", (err: grpc.ServiceError) => onEnd(err.details || err.message));
    call.on("end", () => onEnd("connector ended the stream"));
    call.on("close", () => onEnd("stream closed"));
    call.write({ hello: this.handlers.hello() });
    this.connected = true;
    this.handlers.connected();
  }
}
