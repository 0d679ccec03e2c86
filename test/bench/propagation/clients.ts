import * as grpc from "@grpc/grpc-js";
import {
  type ConnectorMessage__Input,
  type ControlMessage,
  type TunnelProtoGrpcType,
  timestampFromMs,
  tunnelPackageDefinition,
} from "@trellis/protocol/tunnel";

const proto = grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType;

/** What one round waits for: a snapshot of `version` on every stream. */
export interface Round {
  version: number;
  startedAt: number;
  latenciesMs: number[];
  done: Promise<void>;
  resolve: () => void;
}

/** What the fleet reports as it happens (the child process prints it for the bench). */
export interface FleetEvents {
  welcomed?: (count: number) => void;
  failed?: (why: string) => void;
}

/**
 * N simulated connectors, each its own TCP connection: Hello, heartbeats, and an
 * immediate ACK of every snapshot (the timestamp of its arrival is the measurement).
 * Runs in its own process (fleet-child.ts, driven by fleet.ts).
 */
export class ClientFleet {
  private readonly calls: grpc.ClientDuplexStream<ConnectorMessage__Input, ControlMessage>[] = [];
  private readonly clients: grpc.Client[] = [];
  private readonly timer: NodeJS.Timeout;
  round: Round | null = null;
  welcomed = 0;
  lastPayload: Buffer | null = null;

  constructor(
    private readonly target: string,
    private readonly metadataFor: (i: number) => grpc.Metadata,
    count: number,
    private readonly events: FleetEvents = {},
  ) {
    this.grow(count);
    let seq = 0;
    this.timer = setInterval(() => {
      seq++;
      for (const c of this.calls) c.write({ heartbeat: { seq, sentAt: timestampFromMs(Date.now()) } });
    }, 2000);
  }

  /** Opens streams until the fleet holds `count` (the bench grows one fleet through its sizes). */
  grow(count: number): void {
    const Tunnel = proto.trellis.tunnel.v1.Tunnel;
    for (let i = this.calls.length; i < count; i++) {
      const client = new Tunnel(this.target, grpc.credentials.createInsecure(), {
        "grpc.use_local_subchannel_pool": 1,
      });
      const call = client.Connect(this.metadataFor(i));
      call.on("data", (m: ControlMessage) => this.receive(call, m));
      call.on("error", () => {});
      call.on("status", (s: grpc.StatusObject) => {
        if (s.code === grpc.status.CANCELLED) return;
        this.events.failed?.(`${s.code}: ${s.details}`);
      });
      call.write({ hello: { connectorVersion: "bench", appliedVersion: 0, discoveryMode: "bench" } });
      this.calls.push(call);
      this.clients.push(client);
    }
  }

  get size(): number {
    return this.calls.length;
  }

  /** Starts waiting for `version` on every stream; `startedAt` is now. */
  expect(version: number): Round {
    let resolve = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    this.round = { version, startedAt: performance.now(), latenciesMs: [], done, resolve };
    return this.round;
  }

  private receive(call: (typeof this.calls)[number], m: ControlMessage): void {
    if (m.welcome) this.events.welcomed?.(++this.welcomed);
    if (!m.config) return;
    const { version, nonce } = m.config;
    call.write({ ack: { version, nonce } });
    const r = this.round;
    if (r && version === r.version) {
      r.latenciesMs.push(performance.now() - r.startedAt);
      this.lastPayload = Buffer.from(m.config.payload);
      if (r.latenciesMs.length === this.calls.length) r.resolve();
    }
  }

  close(): void {
    clearInterval(this.timer);
    for (const c of this.calls) c.cancel();
    for (const c of this.clients) c.close();
  }
}
