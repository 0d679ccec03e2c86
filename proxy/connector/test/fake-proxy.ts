import * as grpc from "@grpc/grpc-js";
import {
  type ConnectorToProxy,
  type ProxyHello__Input,
  type ProxyMessage__Input,
  type TunnelProtoGrpcType,
  tunnelPackageDefinition,
} from "@trellis/protocol/tunnel";

const proto = grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType;

/** A fake proxy: one ProxyControl stream to the connector, recording what it receives. */
export class FakeProxy {
  readonly received: ConnectorToProxy[] = [];
  readonly client: InstanceType<typeof proto.trellis.proxy.v1.ProxyControl>;
  readonly call: grpc.ClientDuplexStream<ProxyMessage__Input, ConnectorToProxy>;
  ended = false;

  constructor(port: number, hello: ProxyHello__Input, opts: { autoAck?: boolean } = {}) {
    this.client = new proto.trellis.proxy.v1.ProxyControl(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    this.call = this.client.Stream();
    this.call.on("data", (msg: ConnectorToProxy) => {
      this.received.push(msg);
      if (opts.autoAck && msg.config)
        this.send({ ack: { version: msg.config.version, nonce: msg.config.nonce } });
    });
    this.call.on("error", () => {});
    this.call.on("end", () => {
      this.ended = true;
    });
    this.call.on("status", () => {
      this.ended = true;
    });
    this.send({ hello });
  }

  send(msg: ProxyMessage__Input): void {
    this.call.write(msg);
  }

  of<K extends NonNullable<ConnectorToProxy["message"]>>(kind: K): NonNullable<ConnectorToProxy[K]>[] {
    return this.received.filter((m) => m.message === kind).map((m) => m[kind]!) as NonNullable<
      ConnectorToProxy[K]
    >[];
  }

  close(): void {
    this.call.cancel();
    this.client.close();
  }
}
