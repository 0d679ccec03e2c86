import type { ClientHttp2Session } from "node:http2";
import type { Socket } from "node:net";

/** Set on a mesh TLS socket once its handshake is done (see MeshPools.connect). */
export const handshakeDone = Symbol("trellis.handshakeDone");
type Marked = Socket & { [handshakeDone]?: boolean; encrypted?: boolean };

/** Whether `socket` can carry bytes to the peer now: a pooled one, or one whose handshake is done. */
export function isConnected(socket: Socket): boolean {
  const s = socket as Marked;
  return s.encrypted ? s[handshakeDone] === true : !s.connecting;
}

/**
 * Runs `fn` once `socket` can carry bytes to the peer: at once for a pooled one, after
 * the TCP connect (and the TLS handshake for mesh sockets) for a new one. A request body
 * written only then is never consumed by an attempt that failed to connect, so that
 * attempt can be retried with the same body.
 */
export function whenConnected(socket: Socket, fn: () => void): void {
  if (isConnected(socket)) fn();
  else socket.once((socket as Marked).encrypted ? "secureConnect" : "connect", fn);
}

/** Fails a plain TCP connect that takes longer than `ms` (as ETIMEDOUT: a connect failure). */
export function boundConnect(socket: Socket, ms: number): Socket {
  const timer = setTimeout(() => {
    socket.destroy(Object.assign(new Error(`connect timeout after ${ms}ms`), { code: "ETIMEDOUT" }));
  }, ms);
  socket.once("connect", () => clearTimeout(timer));
  socket.once("close", () => clearTimeout(timer));
  return socket;
}

const waiting = Symbol("trellis.waitingForConnect");
type Waiting = { [waiting]?: (() => void)[] };

/**
 * Runs `fn` once an HTTP/2 session is connected. Many requests can wait on one new
 * session: they share one "connect" listener (one each would trip the max-listeners
 * warning and cost a closure per request).
 */
export function whenSessionConnected(session: ClientHttp2Session, fn: () => void): void {
  if (!session.connecting) {
    fn();
    return;
  }
  const s = session as ClientHttp2Session & Waiting;
  if (s[waiting]) {
    s[waiting].push(fn);
    return;
  }
  const queue = [fn];
  s[waiting] = queue;
  session.once("connect", () => {
    s[waiting] = undefined;
    for (const f of queue) f();
  });
}
