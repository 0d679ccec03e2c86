import { type ClientRequest, type RequestOptions, request } from "node:http";
import type { Socket } from "node:net";

const handOut = Symbol("trellis.h1Pool.socket");
type PooledOptions = RequestOptions & { [handOut]: Socket };
type Freed = Socket & { _httpMessage?: unknown };

/** ClientRequest calls `createConnection` as a method of (a copy of) its options. */
function takeSocket(this: PooledOptions): Socket {
  return this[handOut];
}

/**
 * Keep-alive HTTP/1.1 connections to one destination, without `http.Agent`: a LIFO
 * stack of idle sockets handed straight to `ClientRequest` through `createConnection`.
 * The Agent's per-request work — pool name strings, per-request socket bookkeeping,
 * ref/unref and timeout juggling through its `free` event — is what this skips; the
 * wire is the same (`Connection: keep-alive`, one request at a time per connection).
 * Node emits `free` on a socket whose response ended with keep-alive; the pool takes
 * it back then. `reusedSocket` is set like the Agent does (a retry decision needs it).
 */
export class H1Pool {
  private readonly idle: Socket[] = [];
  private readonly all = new Set<Socket>();

  constructor(
    private readonly dial: () => Socket,
    private readonly idleTimeoutMs = 60_000,
    private readonly maxIdle = 256,
  ) {}

  request(options: RequestOptions): ClientRequest {
    let socket = this.idle.pop();
    while (socket?.destroyed) socket = this.idle.pop();
    const reused = socket !== undefined;
    if (socket) socket.ref();
    else socket = this.fresh();
    const opts = options as PooledOptions;
    opts[handOut] = socket;
    opts.createConnection = takeSocket as unknown as RequestOptions["createConnection"];
    const req = request(opts);
    req.setHeader("connection", "keep-alive"); // without an agent Node would say close
    if (reused) req.reusedSocket = true;
    return req;
  }

  /** Closes the idle connections (new requests dial); busy ones finish and are not kept. */
  closeIdle(): void {
    for (const s of this.idle.splice(0)) s.destroy();
  }

  close(): void {
    this.idle.length = 0;
    for (const s of this.all) s.destroy();
    this.all.clear();
  }

  private fresh(): Socket {
    const socket = this.dial();
    this.all.add(socket);
    socket.setTimeout(this.idleTimeoutMs);
    socket.on("free", () => this.release(socket));
    socket.on("timeout", () => {
      if (this.idle.includes(socket)) socket.destroy();
    });
    // An idle socket has no request listening for its errors: never let one throw.
    socket.on("error", () => socket.destroy());
    socket.once("close", () => {
      this.all.delete(socket);
      const i = this.idle.indexOf(socket);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return socket;
  }

  private release(socket: Socket): void {
    if (socket.destroyed || !socket.writable || !this.all.has(socket) || this.idle.length >= this.maxIdle) {
      socket.destroy();
      return;
    }
    (socket as Freed)._httpMessage = null;
    socket.unref(); // an idle pool never keeps the process alive
    this.idle.push(socket);
  }
}
