import { type ClientHttp2Session, connect as h2connect } from "node:http2";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { expectSpiffeId, type MeshTls } from "../identity/mesh-tls.ts";
import type { TcpCounters } from "../metrics/tcp.ts";
import type { Endpoint as SnapshotEndpoint } from "../routing/types.ts";
import { handshakeDone } from "./connected.ts";
import { H1Pool } from "./h1-pool.ts";

/** ALPN ids between proxies: h2 and HTTP/1.1 as usual, plus opaque TCP. */
export const alpn = { h2: "h2", h1: "http/1.1", tcp: "trellis-tcp" } as const;
export type MeshAlpn = (typeof alpn)[keyof typeof alpn];

const idleTimeoutMs = 60_000;

/** TCP connect plus TLS handshake to a peer proxy; past it the attempt failed to connect. */
export const defaultConnectTimeoutMs = 2_000;

/**
 * Connections to destination proxies, per endpoint: a keep-alive HTTP/1.1 pool and
 * one multiplexed HTTP/2 session. Every connection is mTLS with our current context;
 * the peer must chain to the trust bundle and present the endpoint's SPIFFE id.
 * TLS sessions are cached per endpoint and resumed. After a certificate or trust
 * bundle swap, idle connections are closed and new ones use the new context, while
 * requests in flight finish on the connections they started on.
 */
export class MeshPools {
  private readonly pools = new Map<string, H1Pool>();
  private readonly sessions = new Map<string, ClientHttp2Session>();
  private readonly tlsSessions = new Map<string, Buffer>();

  constructor(
    private readonly tls: MeshTls,
    private readonly tcp: TcpCounters,
    private readonly connectTimeoutMs = defaultConnectTimeoutMs,
  ) {
    tls.onChange(() => this.recycle());
  }

  /** A new mTLS connection to a destination proxy. */
  connect(endpoint: SnapshotEndpoint, protocol: MeshAlpn): TLSSocket {
    const key = poolKey(endpoint);
    const secureContext = this.tls.clientSecureContext();
    if (!secureContext) throw new Error("no workload certificate yet");
    const socket = tlsConnect({
      host: endpoint.address,
      port: endpoint.port,
      secureContext,
      ALPNProtocols: [protocol],
      checkServerIdentity: expectSpiffeId(endpoint.identity),
      session: this.tlsSessions.get(`${key}|${protocol}`),
    });
    socket.setNoDelay(true);
    socket.on("session", (s: Buffer) => this.tlsSessions.set(`${key}|${protocol}`, s));
    // Nothing waits unbounded on a peer that accepts and never answers the handshake.
    const timer = setTimeout(() => {
      const err = Object.assign(new Error(`connect timeout after ${this.connectTimeoutMs}ms`), {
        code: "ETIMEDOUT",
      });
      socket.destroy(err);
    }, this.connectTimeoutMs);
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      (socket as TLSSocket & { [handshakeDone]?: boolean })[handshakeDone] = true;
    });
    socket.once("close", () => clearTimeout(timer));
    this.tcp.track(socket, "outbound", "dst");
    return socket;
  }

  /** The endpoint's HTTP/1.1 keep-alive pool (mTLS connections, ALPN http/1.1). */
  h1(endpoint: SnapshotEndpoint): H1Pool {
    const key = poolKey(endpoint);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new H1Pool(() => this.connect(endpoint, alpn.h1), idleTimeoutMs);
      this.pools.set(key, pool);
    }
    return pool;
  }

  session(endpoint: SnapshotEndpoint): ClientHttp2Session {
    const key = poolKey(endpoint);
    const existing = this.sessions.get(key);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const session = h2connect(`https://${endpoint.address}:${endpoint.port}`, {
      createConnection: () => this.connect(endpoint, alpn.h2),
    });
    const forget = () => {
      if (this.sessions.get(key) === session) this.sessions.delete(key);
    };
    session.on("error", forget);
    session.on("goaway", forget);
    session.on("close", forget);
    session.setTimeout(idleTimeoutMs, () => session.close());
    this.sessions.set(key, session);
    return session;
  }

  /**
   * An endpoint that drains or is gone: its idle HTTP/1.1 connections close and its
   * HTTP/2 session goes away gracefully, so no new request is sent on them.
   */
  retire(endpointKey: string): void {
    for (const [key, pool] of this.pools) if (key.startsWith(`${endpointKey}|`)) pool.closeIdle();
    for (const [key, session] of this.sessions) {
      if (!key.startsWith(`${endpointKey}|`)) continue;
      session.close();
      this.sessions.delete(key);
    }
  }

  /** Closes idle connections so new requests dial with the current context. */
  recycle(): void {
    for (const pool of this.pools.values()) pool.closeIdle();
    for (const session of this.sessions.values()) session.close(); // graceful: GOAWAY after in-flight
    this.sessions.clear();
    this.tlsSessions.clear();
  }

  close(): void {
    for (const pool of this.pools.values()) pool.close();
    for (const session of this.sessions.values()) session.destroy();
    this.pools.clear();
    this.sessions.clear();
  }
}

function poolKey(e: SnapshotEndpoint): string {
  return `${e.address}:${e.port}|${e.identity}`;
}
