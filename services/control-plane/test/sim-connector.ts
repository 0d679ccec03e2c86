import * as grpc from "@grpc/grpc-js";
import { configSnapshotSchema, type ConfigSnapshot as SnapshotDoc } from "@trellis/protocol/snapshot";
import {
  type ConfigSnapshot,
  type ConnectorMessage__Input,
  type ControlMessage,
  msFromDuration,
  type TunnelProtoGrpcType,
  timestampFromMs,
  tunnelMetadata,
  tunnelPackageDefinition,
  type Welcome,
} from "@trellis/protocol/tunnel";
import { waitFor } from "./wait-for.ts";

let proto: TunnelProtoGrpcType | undefined;
const tunnelProto = () =>
  (proto ??= grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType);

export type SimAuth = { joinToken: string } | { credential: string } | Record<string, never>;

/**
 * A connector made from @trellis/protocol only (never proxy/connector): it records every
 * control message so tests can assert on exactly what the control plane sent.
 */
export class SimConnector {
  readonly received: ControlMessage[] = [];
  readonly status: Promise<grpc.StatusObject>;
  private readonly client: InstanceType<TunnelProtoGrpcType["trellis"]["tunnel"]["v1"]["Tunnel"]>;
  private readonly call: grpc.ClientDuplexStream<ConnectorMessage__Input, ControlMessage>;
  private seq = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  ended: grpc.StatusObject | null = null;

  constructor(
    target: string,
    auth: SimAuth,
    hello: { appliedVersion?: number; connectorVersion?: string; acceptedSchemas?: string[] } | null = {},
    /** Like the real connector: ping at the interval Welcome names. Off to play a dead peer. */
    heartbeats = true,
    channel: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
  ) {
    const Tunnel = tunnelProto().trellis.tunnel.v1.Tunnel;
    // A subchannel of its own: every simulated connector is its own TCP connection.
    this.client = new Tunnel(target, channel, {
      "grpc.use_local_subchannel_pool": 1,
    });
    const md = new grpc.Metadata();
    if ("joinToken" in auth) md.set(tunnelMetadata.joinToken, auth.joinToken);
    if ("credential" in auth) md.set(tunnelMetadata.authorization, `Bearer ${auth.credential}`);
    this.call = this.client.Connect(md);
    this.call.on("data", (m: ControlMessage) => {
      this.received.push(m);
      if (m.welcome && heartbeats) {
        const ms = msFromDuration(m.welcome.heartbeatInterval) ?? 1000;
        this.heartbeat = setInterval(() => this.ping(), ms);
      }
    });
    this.call.on("error", () => {});
    this.status = new Promise((resolve) =>
      this.call.on("status", (s: grpc.StatusObject) => {
        this.ended = s;
        clearInterval(this.heartbeat);
        this.client.close();
        resolve(s);
      }),
    );
    if (hello)
      this.send({
        hello: {
          connectorVersion: hello.connectorVersion ?? "0.0.0-sim",
          appliedVersion: hello.appliedVersion ?? 0,
          discoveryMode: "sim",
          acceptedSchemas: hello.acceptedSchemas ?? [],
        },
      });
  }

  send(msg: ConnectorMessage__Input): void {
    this.call.write(msg);
  }

  async welcome(timeoutMs = 5000): Promise<Welcome> {
    const m = await waitFor(
      () =>
        this.received.find((x) => x.welcome) ??
        (this.ended ? Promise.reject(new Error(`stream ended: ${this.ended.details}`)) : null),
      {
        timeoutMs,
        what: "Welcome",
      },
    );
    return m.welcome!;
  }

  configs(): ConfigSnapshot[] {
    return this.received.filter((m) => m.config).map((m) => m.config!);
  }

  /** The first config message with version ≥ `minVersion`, as it arrived. */
  configMessage(minVersion = 1, timeoutMs = 5000): Promise<ConfigSnapshot> {
    return waitFor(() => this.configs().find((c) => c.version >= minVersion), {
      timeoutMs,
      what: `a snapshot with version >= ${minVersion}`,
    });
  }

  /** The first config message with version ≥ `minVersion`, its v1 payload parsed. */
  async config(minVersion = 1, timeoutMs = 5000): Promise<{ msg: ConfigSnapshot; doc: SnapshotDoc }> {
    const msg = await this.configMessage(minVersion, timeoutMs);
    const doc = configSnapshotSchema.parse(JSON.parse(Buffer.from(msg.payload).toString("utf8")));
    return { msg, doc };
  }

  ack(c: ConfigSnapshot): void {
    this.send({ ack: { version: c.version, nonce: c.nonce } });
  }

  nack(c: ConfigSnapshot, error: string): void {
    this.send({ nack: { version: c.version, nonce: c.nonce, error } });
  }

  private ping(): number {
    const seq = ++this.seq;
    if (!this.ended) this.send({ heartbeat: { seq, sentAt: timestampFromMs(Date.now()) } });
    return seq;
  }

  /** A heartbeat round trip: everything the server queued before the echo has arrived. */
  async roundTrip(timeoutMs = 5000): Promise<void> {
    const seq = this.ping();
    await waitFor(() => this.received.some((m) => m.heartbeat?.seq === seq), {
      timeoutMs,
      what: `heartbeat echo ${seq}`,
    });
  }

  goodbye(): ControlMessage["goodbye"] | undefined {
    return this.received.find((m) => m.goodbye)?.goodbye;
  }

  close(): void {
    clearInterval(this.heartbeat);
    if (!this.ended) this.call.cancel();
    this.client.close();
  }
}
