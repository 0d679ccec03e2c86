import { type ClientHttp2Session, connect as h2connect } from "node:http2";
import { connect as netConnect, type Socket } from "node:net";
import type { HostPort } from "../config/flags.ts";
import type { TcpCounters } from "../metrics/tcp.ts";
import { boundConnect } from "./connected.ts";
import { H1Pool } from "./h1-pool.ts";

/** Plaintext connections from the inbound side to the local app: an h1 pool and an h2c session. */
export class AppPools {
  readonly h1: H1Pool;
  private h2: ClientHttp2Session | undefined;

  constructor(
    readonly app: HostPort,
    private readonly tcp: TcpCounters,
    private readonly connectTimeoutMs = 2_000,
  ) {
    this.h1 = new H1Pool(() => this.connect(), 60_000);
  }

  connect(): Socket {
    const socket = boundConnect(
      netConnect({ host: this.app.host, port: this.app.port, noDelay: true }),
      this.connectTimeoutMs,
    );
    this.tcp.track(socket, "inbound", "dst");
    return socket;
  }

  session(): ClientHttp2Session {
    const s = this.h2;
    if (s && !s.closed && !s.destroyed) return s;
    const session = h2connect(`http://${this.app.host}:${this.app.port}`, {
      createConnection: () => this.connect(),
    });
    const forget = () => {
      if (this.h2 === session) this.h2 = undefined;
    };
    session.on("error", forget);
    session.on("goaway", forget);
    session.on("close", forget);
    this.h2 = session;
    return session;
  }

  close(): void {
    this.h1.close();
    this.h2?.destroy();
  }
}
