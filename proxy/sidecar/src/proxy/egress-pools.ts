import { Agent } from "node:http";
import { type ClientHttp2Session, connect as h2connect } from "node:http2";
import { connect as netConnect, type Socket } from "node:net";
import type { TcpCounters } from "../metrics/tcp.ts";

/**
 * Plaintext connections to hosts outside the mesh, when the mesh's egress mode allows
 * them: a keep-alive agent for HTTP/1.1 and one h2c session per authority.
 */
export class EgressPools {
  readonly agent: Agent;
  private readonly sessions = new Map<string, ClientHttp2Session>();

  constructor(private readonly tcp: TcpCounters) {
    this.agent = new Agent({ keepAlive: true, maxFreeSockets: 64, timeout: 60_000 });
    const original = this.agent.createConnection.bind(this.agent);
    this.agent.createConnection = ((
      opts: Parameters<typeof original>[0],
      cb: Parameters<typeof original>[1],
    ) => {
      const socket = original(opts, cb) as Socket;
      this.tcp.track(socket, "outbound", "dst");
      return socket;
    }) as Agent["createConnection"];
  }

  connect(host: string, port: number): Socket {
    const socket = netConnect({ host, port, noDelay: true });
    this.tcp.track(socket, "outbound", "dst");
    return socket;
  }

  session(host: string, port: number): ClientHttp2Session {
    const key = `${host}:${port}`;
    const s = this.sessions.get(key);
    if (s && !s.closed && !s.destroyed) return s;
    const session = h2connect(`http://${key}`, { createConnection: () => this.connect(host, port) });
    const forget = () => {
      if (this.sessions.get(key) === session) this.sessions.delete(key);
    };
    session.on("error", forget);
    session.on("close", forget);
    session.on("goaway", forget);
    this.sessions.set(key, session);
    return session;
  }

  close(): void {
    this.agent.destroy();
    for (const s of this.sessions.values()) s.destroy();
    this.sessions.clear();
  }
}
