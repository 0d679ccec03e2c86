import * as grpc from "@grpc/grpc-js";
import type { ConnectorToProxy__Input, ProxyMessage } from "@trellis/protocol/tunnel";
import { errorText, type Logger } from "@trellis/proxy-core/logger";
import { maxMessageBytes, tunnelProto } from "../tunnel/grpc-channel.ts";
import type { ProxyHub } from "./proxy-hub.ts";
import type { AttachedProxy } from "./proxy-registry.ts";

type ProxyCall = grpc.ServerDuplexStream<ProxyMessage, ConnectorToProxy__Input>;

/**
 * The ProxyControl gRPC service on `--listen`: plaintext, as it listens on loopback or
 * the pod network and carries no secrets (CSRs and public config only). The first
 * message of a stream must be ProxyHello.
 */
export async function startProxyServer(
  listen: string,
  hub: ProxyHub,
  log: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": maxMessageBytes,
    "grpc.max_send_message_length": maxMessageBytes,
    // Proxies ping to notice a dead connector; let them.
    "grpc.keepalive_permit_without_calls": 1,
    // A connection with no stream (one that never sent its preface or request headers
    // included) is closed after this: nothing holds a socket open unbounded.
    "grpc.max_connection_idle_ms": 15_000,
  });
  const calls = new Set<ProxyCall>();
  server.addService(tunnelProto().trellis.proxy.v1.ProxyControl.service, {
    Stream: (call: ProxyCall) => {
      calls.add(call);
      handleStream(call, hub, log, () => calls.delete(call));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Open streams would hold tryShutdown forever: end them first, then force after a grace.
        for (const call of calls) call.end();
        const force = setTimeout(() => server.forceShutdown(), 2_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

function handleStream(call: ProxyCall, hub: ProxyHub, log: Logger, onClose: () => void): void {
  let proxy: AttachedProxy | null = null;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    onClose();
    if (proxy) hub.detach(proxy);
  };
  const stream = {
    write: (msg: ConnectorToProxy__Input) => {
      if (closed || call.writableEnded) return;
      try {
        call.write(msg);
      } catch (err) {
        log.warn("write to proxy failed", { error: errorText(err) });
      }
    },
    end: () => {
      if (!call.writableEnded) call.end();
    },
  };
  call.on("data", (msg: ProxyMessage) => {
    if (proxy) return hub.receive(proxy, msg);
    if (msg.message !== "hello" || !msg.hello?.proxyId) {
      call.emit("error", {
        code: grpc.status.INVALID_ARGUMENT,
        details: "the first message must be a ProxyHello",
      });
      return close();
    }
    proxy = hub.attach(msg.hello, stream);
  });
  call.on("end", () => {
    stream.end();
    close();
  });
  call.on("error", close);
  call.on("cancelled", close);
  call.on("close", close);
}
