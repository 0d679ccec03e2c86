import { Agent } from "node:http";
import { type ClientHttp2Session, connect as h2connect } from "node:http2";
import type { Socket } from "node:net";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { expectSpiffeId, type MeshTls } from "../identity/mesh-tls.ts";
import type { TcpCounters } from "../metrics/tcp.ts";
import type { Endpoint as SnapshotEndpoint } from "../routing/types.ts";
import { handshakeDone } from "./connected.ts";

/** ALPN ids between proxies: h2 and HTTP/1.1 as usual, plus opaque TCP. */
export const alpn = { h2: "h2", h1: "http/1.1", tcp: "trellis-tcp" } as const;
export type MeshAlpn = (typeof alpn)[keyof typeof alpn];

const idleTimeoutMs = 60_000;

/** TCP connect plus TLS handshake to a peer proxy; past it the attempt failed to connect. */
export const defaultConnectTimeoutMs = 2_000;

/**
 * Connections to destination proxies, per endpoint: a keep-alive HTTP/1.1 agent and
 * one multiplexed HTTP/2 session. Every connection is mTLS with our current context;
 * the peer must chain to the trust bundle and present the endpoint's SPIFFE id.
 * TLS sessions are cached per endpoint and resumed. After a certificate or trust
 * bundle swap, idle connections are closed and new ones use the new context, while
 * requests in flight finish on the connections they started on.
 */
export class MeshPools {
  private readonly agents = new Map<string, Agent>();
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

  agent(endpoint: SnapshotEndpoint): Agent {
    const key = poolKey(endpoint);
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: "lifo", timeout: idleTimeoutMs });
      // http.Agent calls createConnection for each new socket; ours dials mTLS.
      agent.createConnection = (() =>
        this.connect(endpoint, alpn.h1)) as unknown as Agent["createConnection"];
      this.agents.set(key, agent);
    }
    return agent;
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
    for (const [key, agent] of this.agents) if (key.startsWith(`${endpointKey}|`)) destroyIdle(agent);
    for (const [key, session] of this.sessions) {
      if (!key.startsWith(`${endpointKey}|`)) continue;
      session.close();
      this.sessions.delete(key);
    }
  }

  /** Closes idle connections so new requests dial with the current context. */
  recycle(): void {
    for (const agent of this.agents.values()) destroyIdle(agent);
    for (const session of this.sessions.values()) session.close(); // graceful: GOAWAY after in-flight
    this.sessions.clear();
    this.tlsSessions.clear();
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    for (const session of this.sessions.values()) session.destroy();
    this.agents.clear();
    this.sessions.clear();
  }
}

function poolKey(e: SnapshotEndpoint): string {
  return `${e.address}:${e.port}|${e.identity}`;
}

export function destroyIdle(agent: Agent): void {
  for (const list of Object.values(agent.freeSockets)) {
    for (const socket of (list ?? []) as Socket[]) socket.destroy();
  }
}
