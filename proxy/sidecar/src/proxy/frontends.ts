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
type H1Socket = Socket & { [activeRequests]?: number };

export class Frontends {
  readonly h1: H1Server;
  readonly h2: Http2Server;
  private readonly sockets = new Set<Socket>();
  // http.Server only tracks connections when it listens itself, which ours never do.
  private readonly h1Sockets = new Set<H1Socket>();
  private readonly sessions = new Set<Http2Session>();
  private draining = false;

  constructor(handlers: FrontendHandlers) {
    // Timeouts: headers must arrive within 60 s; requests themselves may stream for long.
    this.h1 = createH1Server({ keepAliveTimeout: 60_000, headersTimeout: 60_000, requestTimeout: 0 });
    this.h1.on("connection", (socket: H1Socket) => {
      this.h1Sockets.add(socket);
      socket.once("close", () => this.h1Sockets.delete(socket));
    });
    this.h1.on("request", (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket as H1Socket;
      socket[activeRequests] = (socket[activeRequests] ?? 0) + 1;
      res.once("close", () => {
        socket[activeRequests]!--;
      });
      if (this.draining) res.shouldKeepAlive = false;
      handlers.h1Request(req, res);
    });
    if (handlers.upgrade) this.h1.on("upgrade", handlers.upgrade);
    if (handlers.connect) this.h1.on("connect", handlers.connect);
    this.h1.on("clientError", (_err, socket: Duplex) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
      socket.destroy();
    });
    this.h2 = createH2Server({ settings: { maxConcurrentStreams: 1000 } });
    this.h2.on("stream", handlers.h2Stream);
    this.h2.on("session", (session: Http2Session) => {
      this.sessions.add(session);
      session.once("close", () => this.sessions.delete(session));
      if (this.draining) session.close();
    });
  }

  /** Remembers a downstream connection (for drain and shutdown). */
  track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
  }

  /** Stop keeping connections alive: idle HTTP/1.1 sockets close, HTTP/2 sessions GOAWAY. */
  drain(): void {
    this.draining = true;
    this.closeIdle();
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
