import { randomUUID } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import type { ConfigSnapshot } from "@trellis/protocol/snapshot";
import type { ConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import {
  type Command__Input,
  type ConnectorToProxy__Input,
  type ProxyMessage,
  type TunnelProtoGrpcType,
  timestampFromMs,
  tunnelPackageDefinition,
} from "@trellis/protocol/tunnel";
import { TestCa } from "./test-ca.ts";

export { TestCa };

type Stream = grpc.ServerDuplexStream<ProxyMessage, ConnectorToProxy__Input>;
type Attached = { proxyId: string; identity: string; stream: Stream };

export type FakeConnectorOptions = {
  ca: TestCa;
  /** Listen port on 127.0.0.1 (0 = any free one). */
  port?: number;
  certTtlSeconds?: number;
  /** Refuse CSRs with this error code instead of signing. */
  refuseSigning?: string;
};

/**
 * A stand-in for the connector's local ProxyControl service, speaking the real
 * protocol: pushes snapshots (and re-sends the latest to each new stream after its
 * hello), signs CSRs with a test CA, and records everything proxies send.
 */
export class FakeConnector {
  readonly received: ProxyMessage[] = [];
  private readonly streams = new Set<Attached>();
  private latest: ConnectorToProxy__Input["config"] | undefined;
  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
    private readonly options: FakeConnectorOptions,
  ) {}

  static async start(options: FakeConnectorOptions): Promise<FakeConnector> {
    const server = new grpc.Server();
    const pkg = grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType;
    let self: FakeConnector | undefined;
    server.addService(pkg.trellis.proxy.v1.ProxyControl.service, {
      Stream: (stream: Stream) => self!.attach(stream),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    self = new FakeConnector(server, port, options);
    return self;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Proxy ids with an open stream. */
  get attached(): string[] {
    return [...this.streams].map((s) => s.proxyId);
  }

  /** Pushes a snapshot (object or raw payload text) to every proxy; returns the nonce. */
  push(snapshot: ConfigSnapshot | ConfigSnapshotV2 | string, version?: number): string {
    const payload = typeof snapshot === "string" ? snapshot : JSON.stringify(snapshot);
    const v = version ?? (typeof snapshot === "string" ? 0 : snapshot.version);
    const nonce = randomUUID();
    // The schema the payload names (a v2 snapshot says trellis.config/v2), else v1.
    const named = typeof snapshot === "string" ? schemaOf(snapshot) : snapshot.schema;
    this.latest = { version: v, nonce, schema: named, payload: Buffer.from(payload) };
    for (const s of this.streams) s.stream.write({ config: this.latest });
    return nonce;
  }

  /** Tells every proxy which endpoints must get no new requests (EndpointStates). */
  endpointStates(unavailable: { address: string; port: number; reason: string }[]): void {
    for (const s of this.streams) s.stream.write({ endpoints: { unavailable } });
  }

  /** From now on, refuse CSRs with this code (or sign them again: undefined). */
  refuseSigning(code: string | undefined): void {
    this.options.refuseSigning = code;
  }

  command(cmd: Command__Input, proxyId?: string): void {
    for (const s of this.streams) if (!proxyId || s.proxyId === proxyId) s.stream.write({ command: cmd });
  }

  /** Messages of one kind, in arrival order. */
  messages<K extends NonNullable<ProxyMessage["message"]>>(kind: K): NonNullable<ProxyMessage[K]>[] {
    return this.received.filter((m) => m.message === kind).map((m) => m[kind]!) as NonNullable<
      ProxyMessage[K]
    >[];
  }

  async stop(): Promise<void> {
    for (const s of this.streams) s.stream.destroy();
    this.streams.clear();
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    this.server.forceShutdown();
  }

  private attach(stream: Stream): void {
    let attached: Attached | undefined;
    stream.on("data", (msg: ProxyMessage) => {
      this.received.push(msg);
      if (msg.hello) {
        attached = { proxyId: msg.hello.proxyId, identity: msg.hello.identity, stream };
        this.streams.add(attached);
        if (this.latest) stream.write({ config: this.latest });
      } else if (msg.signRequest) {
        void this.sign(stream, msg.signRequest);
      } else if (msg.heartbeat) {
        // the proxy echoes ours; nothing to do
      }
    });
    const detach = () => {
      if (attached) this.streams.delete(attached);
    };
    stream.on("end", () => {
      detach();
      stream.end();
    });
    stream.on("error", detach);
    stream.on("close", detach);
  }

  private async sign(stream: Stream, req: NonNullable<ProxyMessage["signRequest"]>): Promise<void> {
    if (this.options.refuseSigning) {
      stream.write({
        signResponse: {
          requestId: req.requestId,
          error: { code: this.options.refuseSigning, message: "refused by test" },
        },
      });
      return;
    }
    try {
      const issued = await this.options.ca.signCsr(
        req.csrPem,
        req.identity,
        this.options.certTtlSeconds ?? 24 * 3600,
      );
      stream.write({
        signResponse: {
          requestId: req.requestId,
          certificate: {
            certChainPem: issued.chainPem,
            trustBundlePem: [this.options.ca.rootPem],
            notAfter: timestampFromMs(issued.notAfterMs),
          },
        },
      });
    } catch (err) {
      stream.write({
        signResponse: {
          requestId: req.requestId,
          error: { code: "invalid", message: (err as Error).message },
        },
      });
    }
  }
}

function schemaOf(payload: string): string {
  try {
    const s = (JSON.parse(payload) as { schema?: unknown }).schema;
    return typeof s === "string" ? s : "trellis.config/v1";
  } catch {
    return "trellis.config/v1";
  }
}
