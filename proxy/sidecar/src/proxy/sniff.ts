import type { Socket } from "node:net";

/** What the first bytes of a connection say it speaks. */
export type Sniffed = "tls" | "h2" | "http1";

const h2Preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/** Classifies a connection's first bytes; undefined while more bytes are needed. */
export function classify(head: Buffer): Sniffed | undefined {
  if (head.length === 0) return undefined;
  if (head[0] === 0x16) return "tls"; // TLS record type 22: handshake (ClientHello)
  const n = Math.min(head.length, h2Preface.length);
  if (head.subarray(0, n).equals(h2Preface.subarray(0, n))) return n === h2Preface.length ? "h2" : undefined;
  return "http1";
}

/**
 * Reads until the protocol is known, then hands the socket on with the bytes read so
 * far pushed back (`unshift`): TLS and HTTP/2 sessions read them from the stream.
 * HTTP/1.1 servers consume the native handle directly, so for them the caller replays
 * the bytes with `socket.emit("data", head)` after attaching (see listeners).
 */
export function sniff(socket: Socket, onKnown: (kind: Sniffed, head: Buffer) => void): void {
  let head: Buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    const kind = classify(head);
    if (kind === undefined) return;
    socket.off("data", onData);
    socket.pause();
    onKnown(kind, head);
  };
  socket.on("data", onData);
}

/** Hands a sniffed socket to an HTTP/1.1 server, replaying what was read. */
export function handToHttp1(
  server: { emit(event: "connection", s: Socket): boolean },
  socket: Socket,
  head: Buffer,
): void {
  server.emit("connection", socket);
  socket.emit("data", head);
  socket.resume();
}

/** Hands a sniffed socket to a TLS or HTTP/2 server, which reads the pushed-back bytes. */
export function handToStreamReader(
  server: { emit(event: "connection", s: Socket): boolean },
  socket: Socket,
  head: Buffer,
): void {
  socket.unshift(head);
  server.emit("connection", socket);
}
