import {
  createServer as createH1Server,
  type Server as H1Server,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import {
  createServer as createH2Server,
  type Http2Server,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from "node:http2";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";

export type FrontendHandlers = {
  h1Request(req: IncomingMessage, res: ServerResponse): void;
  h2Stream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, flags: number): void;
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  connect?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
};

/**
 * The HTTP/1.1 and HTTP/2 servers behind one listener. They never listen themselves:
 * the listener sniffs each connection and hands it over with `emit("connection")`.
 * Tracks sockets and sessions so a drain can close idle ones and GOAWAY the rest.
 */
const activeRequests = Symbol("trellis.activeRequests");
const currentResponse = Symbol("trellis.currentResponse");
const openDeadline = Symbol("trellis.openDeadline");
type H1Socket = Socket & { [activeRequests]?: number; [currentResponse]?: ServerResponse };
type Tracked = Socket & { [openDeadline]?: NodeJS.Timeout; _parent?: Tracked };
const servedOn = Symbol("trellis.servedOn");
type Served = ServerResponse & { [servedOn]?: H1Socket };

/** A response ended or its connection closed: one request fewer on that connection. */
function responseClosed(this: Served): void {
  const socket = this[servedOn]!; // set before this listener is added
  socket[activeRequests]!--;
  if (socket[currentResponse] === this) socket[currentResponse] = undefined;
}

/**
 * A connection has started its first request (or tunnel): the deadline for its
 * handshake and request head no longer applies. Takes the raw socket or the TLS socket
 * wrapped around it.
 */
export function connectionServed(socket: Duplex | undefined): void {
  const s = socket as Tracked | undefined;
  const raw = s?.[openDeadline] ? s : s?._parent;
  if (!raw?.[openDeadline]) return;
  clearTimeout(raw[openDeadline]);
  raw[openDeadline] = undefined;
}

export class Frontends {
  readonly h1: H1Server;
  readonly h2: Http2Server;
  private readonly sockets = new Set<Socket>();
  // http.Server only tracks connections when it listens itself, which ours never do.
  private readonly h1Sockets = new Set<H1Socket>();
  private readonly sessions = new Set<Http2Session>();
  private draining = false;

  /**
   * `openTimeoutMs`: from accept to the first request head (TLS handshake included), so
   * a half-sent ClientHello or request head cannot hold a connection open. Node's own
   * `headersTimeout` is only enforced for servers that listen themselves, which ours
   * never do; requests themselves may stream for long.
   */
  constructor(
    handlers: FrontendHandlers,
    private readonly openTimeoutMs = 10_000,
  ) {
    this.h1 = createH1Server({ keepAliveTimeout: 60_000, headersTimeout: 60_000, requestTimeout: 0 });
    this.h1.on("connection", (socket: H1Socket) => {
      this.h1Sockets.add(socket);
      socket.once("close", () => this.h1Sockets.delete(socket));
    });
    this.h1.on("request", (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket as H1Socket;
      connectionServed(socket);
      socket[activeRequests] = (socket[activeRequests] ?? 0) + 1;
      socket[currentResponse] = res;
      (res as Served)[servedOn] = socket;
      res.once("close", responseClosed);
      if (this.draining) res.shouldKeepAlive = false;
      handlers.h1Request(req, res);
    });
    const { upgrade, connect } = handlers;
    if (upgrade)
      this.h1.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        connectionServed(socket);
        upgrade(req, socket, head);
      });
    if (connect)
      this.h1.on("connect", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        connectionServed(socket);
        connect(req, socket, head);
      });
    this.h1.on("clientError", (_err, socket: Duplex) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
      socket.destroy();
    });
    this.h2 = createH2Server({ settings: { maxConcurrentStreams: 1000 } });
    this.h2.on("stream", handlers.h2Stream);
    this.h2.on("session", (session: Http2Session) => {
      this.sessions.add(session);
      session.once("remoteSettings", () => connectionServed(session.socket));
      session.once("close", () => this.sessions.delete(session));
      if (this.draining) session.close();
    });
  }

  /** Remembers a downstream connection (for drain and shutdown) and bounds its opening. */
  track(socket: Socket): void {
    this.sockets.add(socket);
    const s = socket as Tracked;
    s[openDeadline] = setTimeout(() => socket.destroy(), this.openTimeoutMs);
    socket.once("close", () => {
      this.sockets.delete(socket);
      clearTimeout(s[openDeadline]);
    });
  }

  /**
   * Stop keeping connections alive: responses not yet started say `Connection: close`
   * and HTTP/2 sessions GOAWAY (streams in flight finish). Idle HTTP/1.1 connections
   * are left to `closeIdle`, which the drain calls once peers had time to hear that
   * this endpoint is draining — closing them at once races a peer sending on them.
   */
  drain(): void {
    this.draining = true;
    for (const s of this.h1Sockets) {
      const res = s[currentResponse];
      if (res && !res.headersSent) res.shouldKeepAlive = false;
    }
    for (const s of this.sessions) s.close();
  }

  /** Closes HTTP/1.1 connections with no request in progress (called during drain). */
  closeIdle(): void {
    for (const s of this.h1Sockets) if (!s[activeRequests]) s.destroy();
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  destroyAll(): void {
    for (const s of this.sockets) s.destroy();
    for (const s of this.sessions) s.destroy();
  }
}
