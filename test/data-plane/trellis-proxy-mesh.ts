import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { CallResult } from "@trellis/connector/testing/data-plane-scenarios";
import {
  type EchoBehaviour,
  EchoClient,
  type EchoReply,
  echoHandlers,
  echoService,
} from "@trellis/connector/testing/echo-service";
import { build, parseConfig, type SidecarProxy } from "@trellis/proxy";
import { FakeConnector, TestCa } from "@trellis/proxy/testing/fake-connector";
import { createLogger } from "@trellis/proxy-core/logger";

/**
 * Real trellis-proxies (the library's `build()`, as the bin runs it) on 127.0.0.1, fed by
 * a FakeConnector (a real ProxyControl gRPC server), with gRPC Echo apps behind the
 * server-side ones: the harness the data-plane scenarios and the Gateway API checks use.
 */
export class ProxyMesh {
  private readonly closers: (() => unknown)[] = [];
  connector!: FakeConnector;
  ca!: TestCa;

  constructor(readonly trustDomain: string) {}

  async start(): Promise<void> {
    this.ca = await TestCa.create(this.trustDomain);
    this.connector = await FakeConnector.start({ ca: this.ca });
    this.closers.push(() => this.connector.stop());
  }

  identity(sa: string): string {
    return `spiffe://${this.trustDomain}/ns/default/sa/${sa}`;
  }

  /** A gRPC Echo app (plaintext) whose behaviour the test sets; returns its port. */
  async echoApp(name: string): Promise<EchoApp> {
    const app = { behaviour: {} as EchoBehaviour, calls: { count: 0 }, port: 0 };
    const server = new grpc.Server();
    server.addService(
      echoService,
      echoHandlers(name, () => app.behaviour, app.calls),
    );
    app.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    this.closers.push(() => server.forceShutdown());
    return {
      port: app.port,
      behave: (b) => {
        app.behaviour = b;
        app.calls.count = 0;
      },
    };
  }

  /** Builds and runs a proxy; with `app`, an inbound listener in front of it. */
  async proxy(opts: { service: string; sa: string; app?: number; extra?: string[] }): Promise<RunningProxy> {
    const outbound = await listening();
    const inbound = opts.app ? await listening() : undefined;
    const admin = await listening();
    const stateDir = await mkdtemp(join(tmpdir(), "trellis-proxy-mesh-"));
    const port = (s: Server) => (s.address() as { port: number }).port;
    const config = parseConfig(
      [
        ...["--connector", this.connector.address, "--service", opts.service],
        ...["--service-account", opts.sa, "--state-dir", stateDir],
        ...["--outbound", `127.0.0.1:${port(outbound)}`, "--admin", `127.0.0.1:${port(admin)}`],
        ...["--report-interval-ms", "200", "--drain-timeout-ms", "2000"],
        ...(inbound ? ["--inbound", `127.0.0.1:${port(inbound)}`, "--app", `127.0.0.1:${opts.app}`] : []),
        ...(opts.extra ?? []),
      ],
      {},
    );
    const proxy = await build(config, { outbound, inbound, admin }, { logger: createLogger("silent") });
    this.closers.push(() => rm(stateDir, { recursive: true, force: true }));
    this.closers.push(() => proxy.drain());
    await proxy.run();
    return {
      proxy,
      outboundPort: port(outbound),
      inboundPort: inbound ? port(inbound) : 0,
      adminPort: port(admin),
    };
  }

  async stop(): Promise<void> {
    for (const fn of this.closers.reverse()) {
      try {
        await fn();
      } catch {
        // best effort: one failing close must not leak the rest
      }
    }
  }
}

export type EchoApp = { port: number; behave(b: EchoBehaviour): void };
export type RunningProxy = {
  proxy: SidecarProxy;
  outboundPort: number;
  inboundPort: number;
  adminPort: number;
};

function listening(): Promise<Server> {
  const s = createServer();
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

/**
 * Echo calls from an app to `authority` through its proxy's outbound listener (plaintext
 * h2c, as a meshed app talks to its sidecar). The server's identity, as the app behind the
 * server's proxy saw it, is the `x-trellis-client-identity` the proxy set.
 */
export function echoCaller(outboundPort: number, authority: string) {
  const client = new EchoClient(`127.0.0.1:${outboundPort}`, grpc.credentials.createInsecure(), {
    "grpc.default_authority": authority,
  }) as unknown as {
    Echo: (
      req: { text: string },
      md: grpc.Metadata,
      opts: grpc.CallOptions,
      cb: (err: grpc.ServiceError | null, reply: EchoReply) => void,
    ) => void;
    close(): void;
  };
  const once = (metadata: Record<string, string>, deadlineMs: number) =>
    new Promise<CallResult>((resolve) => {
      const md = new grpc.Metadata();
      for (const [k, v] of Object.entries(metadata)) md.set(k, v);
      const started = performance.now();
      client.Echo({ text: "hi" }, md, { deadline: Date.now() + deadlineMs }, (err, reply) => {
        const elapsedMs = Math.round(performance.now() - started);
        if (err) resolve({ ok: false, code: err.code, details: err.details, elapsedMs });
        else
          resolve({
            ok: true,
            code: 0,
            server: reply.server,
            peerIdentity: reply.peerIdentity ?? reply.metadata["x-trellis-client-identity"] ?? null,
            elapsedMs,
          });
      });
    });
  return {
    async call(count: number, opts: { metadata?: Record<string, string>; deadlineMs?: number } = {}) {
      const results: CallResult[] = [];
      for (let i = 0; i < count; i++) results.push(await once(opts.metadata ?? {}, opts.deadlineMs ?? 5_000));
      return results;
    },
    close: () => client.close(),
  };
}
