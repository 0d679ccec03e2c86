import * as grpc from "@grpc/grpc-js";
import type { ConfigSnapshot as SnapshotDoc } from "@trellis/protocol/snapshot";
import {
  type ConnectorToProxy,
  type ProxyMessage__Input,
  type TunnelProtoGrpcType,
  tunnelPackageDefinition,
} from "@trellis/protocol/tunnel";

/**
 * Plays a proxy against the connector's `--listen` port: says hello and returns the first
 * snapshot the connector serves — what a real sidecar would run.
 */
export async function snapshotServedToProxies(port: number, timeoutMs = 10_000): Promise<SnapshotDoc> {
  const proto = grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType;
  const client = new proto.trellis.proxy.v1.ProxyControl(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
    {
      "grpc.use_local_subchannel_pool": 1,
    },
  );
  const call: grpc.ClientDuplexStream<ProxyMessage__Input, ConnectorToProxy> = client.Stream();
  try {
    return await new Promise<SnapshotDoc>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no snapshot served to the proxy")), timeoutMs);
      call.on("data", (m: ConnectorToProxy) => {
        if (!m.config) return;
        clearTimeout(timer);
        resolve(JSON.parse(Buffer.from(m.config.payload).toString("utf8")) as SnapshotDoc);
      });
      call.on("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      call.write({
        hello: {
          proxyId: "prx_probe",
          service: "web",
          namespace: "shop",
          workload: "web-0",
          proxyVersion: "0.0.0-probe",
        },
      });
    });
  } finally {
    call.cancel();
    client.close();
  }
}
