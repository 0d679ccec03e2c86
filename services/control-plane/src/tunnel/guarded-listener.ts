import { type AddressInfo, createServer, type Socket } from "node:net";
import type * as grpc from "@grpc/grpc-js";

export interface GuardedListener {
  port: number;
  /** A call arrived from `peer` (`call.getPeer()`): its connection is past the handshake. */
  established(peer: string): void;
  close(): Promise<void>;
}

/**
 * The tunnel's listening socket, in front of grpc-js: a connection must complete its TLS
 * handshake, HTTP/2 preface and the head of its first call within `deadlineMs`, or it is cut.
 * grpc-js alone waits for ever on a stalled HTTP/2 preface and 120 s (Node's default) on a
 * stalled TLS handshake, so a client that stops mid-way could hold sockets without limit.
 * Accepted sockets are handed to grpc-js as if it had accepted them (a connection injector);
 * the first call on a connection (its peer address) lifts the deadline.
 */
export async function listenGuarded(
  server: grpc.Server,
  credentials: grpc.ServerCredentials,
  options: { host: string; port: number; deadlineMs: number },
): Promise<GuardedListener> {
  const injector = server.createConnectionInjector(credentials);
  const pending = new Map<string, { socket: Socket; timer: NodeJS.Timeout }>();
  const listener = createServer((socket) => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const timer = setTimeout(() => socket.destroy(), options.deadlineMs);
    pending.set(peer, { socket, timer });
    socket.once("close", () => {
      clearTimeout(timer);
      if (pending.get(peer)?.socket === socket) pending.delete(peer);
    });
    injector.injectConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (listener.address() as AddressInfo).port,
    established(peer) {
      const entry = pending.get(peer);
      if (!entry) return;
      clearTimeout(entry.timer);
      pending.delete(peer);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { socket } of pending.values()) socket.destroy();
        pending.clear();
        injector.destroy();
        listener.close(() => resolve());
      }),
  };
}
