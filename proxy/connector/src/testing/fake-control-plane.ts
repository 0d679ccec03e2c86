import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { snapshotSchemaId } from "@trellis/protocol/snapshot";
import {
  type Command__Input,
  type ConnectorMessage,
  type ControlMessage__Input,
  durationFromMs,
  type Hello,
  type SignRequest,
  type SignResponse__Input,
  type TunnelProtoGrpcType,
  timestampFromMs,
  tunnelMetadata,
  tunnelPackageDefinition,
} from "@trellis/protocol/tunnel";

/**
 * A fake Trellis control plane: the tunnel side of the contract in @trellis/protocol,
 * enough to drive a connector (or a simulated one) in tests. It speaks real gRPC on
 * 127.0.0.1, checks join tokens and credentials from call metadata, hands out a
 * credential on join, pushes snapshots, echoes heartbeats, signs CSRs with a pluggable
 * signer, and can misbehave on purpose: pause (go silent), restart, revoke.
 */

export type FakeControlPlaneOptions = {
  /** 0 (default) picks a free port; restart() keeps the port. */
  port?: number;
  joinTokens?: string[];
  credentials?: string[];
  heartbeatIntervalMs?: number;
  cluster?: { id: string; name: string; mesh: string; trustDomain: string };
  /** Serve TLS with this certificate (the URL becomes https://). */
  tls?: { certPem: string | Buffer; keyPem: string | Buffer };
  /** Answers SignRequests; the default returns a placeholder chain. */
  signer?: (req: SignRequest) => SignResponse__Input | Promise<SignResponse__Input>;
};

type ConnectCall = grpc.ServerDuplexStream<ConnectorMessage, ControlMessage__Input>;

export type FakeSession = {
  id: number;
  /** What the connector presented on this stream. */
  auth: { kind: "join-token" | "credential"; secret: string };
  /** The credential the stream runs under (presented, or issued in its Welcome). */
  credential: string | null;
  hello: Hello | null;
  call: ConnectCall;
  open: boolean;
};

export type Received = { session: number; at: number; msg: ConnectorMessage };

type Rendering = { schema: string; payload: Buffer };
/** `negotiate`: pick per session from Hello.accepted_schemas, as a v2 control plane does. */
type Desired = { version: number; nonce: string; renderings: Rendering[]; negotiate: boolean };

const toBytes = (payload: Buffer | string | object): Buffer =>
  Buffer.isBuffer(payload)
    ? payload
    : Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload));

export class FakeControlPlane {
  readonly events = new EventEmitter<{
    message: [Received];
    session: [FakeSession];
    closed: [FakeSession];
  }>();
  readonly received: Received[] = [];
  readonly sessions: FakeSession[] = [];
  /** Every Hello ever received, in order. */
  readonly hellos: Hello[] = [];
  /** Every push: what was sent to which session. */
  readonly pushes: { session: number; version: number; nonce: string; schema: string }[] = [];
  readonly joinTokens: Map<string, "unused" | "used">;
  readonly credentials: Map<string, "valid" | "revoked">;
  private server: grpc.Server | null = null;
  private desired: Desired | null = null;
  /** While paused, received messages wait here and are handled on resume (like SIGSTOP/SIGCONT). */
  private paused: { session: FakeSession; msg: ConnectorMessage }[] | null = null;
  private sessionSeq = 0;
  private nonceSeq = 0;
  port: number;
  readonly opts: FakeControlPlaneOptions;

  private constructor(opts: FakeControlPlaneOptions) {
    this.opts = opts;
    this.port = opts.port ?? 0;
    this.joinTokens = new Map((opts.joinTokens ?? []).map((t) => [t, "unused"]));
    this.credentials = new Map((opts.credentials ?? []).map((c) => [c, "valid"]));
  }

  static async start(opts: FakeControlPlaneOptions = {}): Promise<FakeControlPlane> {
    const fake = new FakeControlPlane(opts);
    await fake.listen();
    return fake;
  }

  get url(): string {
    return `${this.opts.tls ? "https" : "http"}://127.0.0.1:${this.port}`;
  }

  /** Open sessions. */
  get live(): FakeSession[] {
    return this.sessions.filter((s) => s.open);
  }

  /** Received messages of one kind (e.g. "ack", "nack", "discovery"). */
  messages<K extends NonNullable<ConnectorMessage["message"]>>(kind: K): NonNullable<ConnectorMessage[K]>[] {
    return this.received.filter((r) => r.msg.message === kind).map((r) => r.msg[kind]!) as NonNullable<
      ConnectorMessage[K]
    >[];
  }

  /**
   * Sets the desired snapshot and pushes it to every live session as is: `schema` with
   * `alternates`, whatever the connector accepts (a v1-only control plane by default).
   * Raw payload bytes allowed, to test NACKs.
   */
  pushSnapshot(
    version: number,
    payload: Buffer | string | object,
    schema = snapshotSchemaId,
    alternates: { schema: string; payload: Buffer | string | object }[] = [],
  ): string {
    const renderings = [{ schema, payload }, ...alternates].map((r) => ({
      schema: r.schema,
      payload: toBytes(r.payload),
    }));
    return this.setDesired({ version, nonce: `n${++this.nonceSeq}`, renderings, negotiate: false });
  }

  /**
   * Sets the desired config in several schemas, as a v2 control plane renders it: each
   * session gets the first schema its Hello accepts as `schema` and the other accepted
   * ones as `alternates`; a Hello without accepted_schemas (a connector of the previous
   * release) gets trellis.config/v1 alone.
   */
  pushConfig(version: number, renderings: Partial<Record<string, Buffer | string | object>>): string {
    const list = Object.entries(renderings).flatMap(([schema, payload]) =>
      payload === undefined ? [] : [{ schema, payload: toBytes(payload) }],
    );
    return this.setDesired({ version, nonce: `n${++this.nonceSeq}`, renderings: list, negotiate: true });
  }

  private setDesired(desired: Desired): string {
    this.desired = desired;
    for (const s of this.live) if (s.hello) this.sendDesired(s);
    return desired.nonce;
  }

  send(msg: ControlMessage__Input): void {
    for (const s of this.live) s.call.write(msg);
  }

  sendCommand(cmd: Command__Input): void {
    this.send({ command: cmd });
  }

  /**
   * Freezes, as a stopped process would: nothing is answered (no Welcome, no heartbeat
   * echo) while TCP and HTTP/2 stay up; what arrives meanwhile is handled on resume.
   */
  pause(): void {
    this.paused ??= [];
  }

  resume(): void {
    const queued = this.paused ?? [];
    this.paused = null;
    for (const { session, msg } of queued) this.receive(session, msg);
  }

  /**
   * Revokes a credential (default: all). "goodbye" sends Goodbye{REVOKED} and ends the
   * stream with UNAUTHENTICATED; "close" ends it with UNAVAILABLE, so the connector only
   * learns on reconnect (UNAUTHENTICATED).
   */
  revoke(credential?: string, how: "goodbye" | "close" = "goodbye"): void {
    for (const c of this.credentials.keys())
      if (!credential || c === credential) this.credentials.set(c, "revoked");
    for (const s of this.live) {
      if (s.credential && this.credentials.get(s.credential) !== "revoked") continue;
      if (how === "goodbye") {
        s.call.write({ goodbye: { reason: "GOODBYE_REASON_REVOKED", message: "cluster deleted" } });
        s.call.emit("error", { code: grpc.status.UNAUTHENTICATED, details: "cluster credential revoked" });
      } else {
        s.call.emit("error", { code: grpc.status.UNAVAILABLE, details: "stream closed" });
      }
    }
  }

  /** Stops and starts again on the same port (streams are cut, as in a crash). */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.live) s.open = false;
    server.forceShutdown();
  }

  private async listen(): Promise<void> {
    const proto = grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType;
    const server = new grpc.Server({ "grpc.keepalive_permit_without_calls": 1 });
    server.addService(proto.trellis.tunnel.v1.Tunnel.service, {
      Connect: (call: ConnectCall) => this.accept(call),
    });
    const { tls } = this.opts;
    const creds = tls
      ? grpc.ServerCredentials.createSsl(
          null,
          [{ cert_chain: Buffer.from(tls.certPem), private_key: Buffer.from(tls.keyPem) }],
          false,
        )
      : grpc.ServerCredentials.createInsecure();
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.port}`, creds, (err, p) => (err ? reject(err) : resolve(p))),
    );
    this.server = server;
  }

  private authenticate(md: grpc.Metadata): FakeSession["auth"] | string {
    const token = md.get(tunnelMetadata.joinToken)[0]?.toString();
    if (token) {
      const state = this.joinTokens.get(token);
      if (state === "unused") return { kind: "join-token", secret: token };
      return state === "used" ? "join token already used" : "unknown join token";
    }
    const header = md.get(tunnelMetadata.authorization)[0]?.toString() ?? "";
    const credential = header.startsWith("Bearer ") ? header.slice(7) : "";
    const state = this.credentials.get(credential);
    if (state === "valid") return { kind: "credential", secret: credential };
    return state === "revoked" ? "cluster credential revoked" : "missing or unknown credential";
  }

  private accept(call: ConnectCall): void {
    const auth = this.authenticate(call.metadata);
    if (typeof auth === "string") {
      call.emit("error", { code: grpc.status.UNAUTHENTICATED, details: auth });
      return;
    }
    const credential = auth.kind === "credential" ? auth.secret : null;
    const session: FakeSession = { id: ++this.sessionSeq, auth, credential, hello: null, call, open: true };
    this.sessions.push(session);
    this.events.emit("session", session);
    const close = () => {
      if (!session.open) return;
      session.open = false;
      this.events.emit("closed", session);
    };
    call.on("data", (msg: ConnectorMessage) => this.receive(session, msg));
    call.on("error", close);
    call.on("cancelled", close);
    call.on("end", () => {
      close();
      call.end();
    });
  }

  private receive(session: FakeSession, msg: ConnectorMessage): void {
    if (!session.open) return;
    if (this.paused) {
      this.paused.push({ session, msg });
      return;
    }
    const rec = { session: session.id, at: Date.now(), msg };
    this.received.push(rec);
    this.events.emit("message", rec);
    switch (msg.message) {
      case "hello":
        this.welcome(session, msg.hello!);
        return;
      case "heartbeat":
        return void session.call.write({
          heartbeat: { seq: msg.heartbeat!.seq, sentAt: timestampFromMs(Date.now()) },
        });
      case "signRequest":
        return void this.sign(session, msg.signRequest!);
    }
  }

  private welcome(session: FakeSession, hello: Hello): void {
    session.hello = hello;
    this.hellos.push(hello);
    let credential = "";
    if (session.auth.kind === "join-token") {
      this.joinTokens.set(session.auth.secret, "used");
      credential = `cred_${randomBytes(12).toString("hex")}`;
      this.credentials.set(credential, "valid");
      session.credential = credential;
    }
    const cluster = this.opts.cluster ?? {
      id: "clu_test",
      name: "test",
      mesh: "demo",
      trustDomain: "demo.trellis.test",
    };
    const behind = this.desired && this.desired.version !== Number(hello.appliedVersion);
    session.call.write({
      welcome: {
        clusterId: cluster.id,
        clusterName: cluster.name,
        meshName: cluster.mesh,
        trustDomain: cluster.trustDomain,
        clusterCredential: credential,
        heartbeatInterval: durationFromMs(this.opts.heartbeatIntervalMs ?? 3_000),
        desiredVersion: behind ? this.desired!.version : 0,
      },
    });
    if (behind) this.sendDesired(session);
  }

  private sendDesired(session: FakeSession): void {
    const d = this.desired!;
    const [primary, ...alternates] = d.negotiate ? negotiate(d.renderings, session.hello!) : d.renderings;
    if (!primary) return; // nothing this connector reads
    this.pushes.push({ session: session.id, version: d.version, nonce: d.nonce, schema: primary.schema });
    session.call.write({
      config: {
        version: d.version,
        nonce: d.nonce,
        schema: primary.schema,
        payload: primary.payload,
        alternates,
      },
    });
  }

  private async sign(session: FakeSession, req: SignRequest): Promise<void> {
    const signer =
      this.opts.signer ??
      ((r: SignRequest): SignResponse__Input => ({
        requestId: r.requestId,
        certificate: {
          certChainPem: [`FAKE CERT for ${r.identity}`],
          trustBundlePem: ["FAKE ROOT"],
          notAfter: timestampFromMs(Date.now() + 86_400_000),
        },
      }));
    const resp = await signer(req);
    if (session.open) session.call.write({ signResponse: { ...resp, requestId: req.requestId } });
  }
}

/** The renderings a connector reads, in its order of preference; none declared = v1 only. */
function negotiate(renderings: Rendering[], hello: Hello): Rendering[] {
  const wanted = hello.acceptedSchemas.length > 0 ? hello.acceptedSchemas : [snapshotSchemaId];
  return wanted.flatMap((schema) => renderings.filter((r) => r.schema === schema));
}
