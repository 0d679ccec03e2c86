import { mkdtemp, rm } from "node:fs/promises";
import {
  createServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createNetServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigSnapshot, configSnapshotSchema } from "@trellis/protocol/snapshot";
import { workloadSpiffeId } from "@trellis/protocol/spiffe";
import { createLogger } from "@trellis/proxy-core/logger";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { parseConfig } from "../src/config/flags.ts";
import { build, type SidecarProxy } from "../src/program.ts";

export const trustDomain = "test.mesh.local";
export const spiffe = (sa: string, ns = "default") => workloadSpiffeId(trustDomain, ns, sa);

/** Everything a test started, closed in reverse order by `cleanup()`. */
export class Scope {
  private readonly closers: (() => unknown)[] = [];
  add(fn: () => unknown): void {
    this.closers.push(fn);
  }
  async cleanup(): Promise<void> {
    for (const fn of this.closers.reverse()) {
      try {
        await fn();
      } catch {
        // best effort: one failing close must not leak the rest
      }
    }
    this.closers.length = 0;
  }
}

export function listen(
  scope: Scope,
  server: Server | HttpServer = createNetServer(),
  port = 0,
): Promise<number> {
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      scope.add(
        () =>
          new Promise<void>((r) => {
            (server as HttpServer).closeAllConnections?.();
            server.close(() => r());
          }),
      );
      resolve((server.address() as { port: number }).port);
    });
  });
}

export async function tempDir(scope: Scope): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "trellis-proxy-"));
  scope.add(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export type EchoReply = {
  app: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

/** An HTTP/1.1 app that answers with who it is and what it saw. */
export async function startEchoApp(
  scope: Scope,
  name: string,
  handler?: (req: IncomingMessage, res: ServerResponse) => boolean,
): Promise<number> {
  const server = createServer((req, res) => {
    if (handler?.(req, res)) return;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply: EchoReply = {
        app: name,
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      res.writeHead(200, { "content-type": "application/json", "x-app": name });
      res.end(JSON.stringify(reply));
    });
  });
  return listen(scope, server);
}

export type ProxyHandle = {
  proxy: SidecarProxy;
  outboundPort: number;
  inboundPort: number;
  adminPort: number;
  stateDir: string;
};

/** Builds and runs the real proxy on fresh 127.0.0.1 listeners. */
export async function startProxy(
  scope: Scope,
  opts: {
    connector: string;
    service: string;
    sa: string;
    app?: number;
    stateDir?: string;
    extra?: string[];
    /** Reuse these ports (a restart); fresh ones otherwise. */
    ports?: { inbound?: number; outbound?: number };
  },
): Promise<ProxyHandle> {
  const outbound = createNetServer();
  const inbound = createNetServer();
  const admin = createNetServer();
  const outboundPort = await listen(scope, outbound, opts.ports?.outbound);
  const inboundPort = opts.app ? await listen(scope, inbound, opts.ports?.inbound) : 0;
  const adminPort = await listen(scope, admin);
  const stateDir = opts.stateDir ?? (await tempDir(scope));
  const args = [
    "--connector",
    opts.connector,
    "--service",
    opts.service,
    "--service-account",
    opts.sa,
    "--outbound",
    `127.0.0.1:${outboundPort}`,
    "--admin",
    `127.0.0.1:${adminPort}`,
    "--state-dir",
    stateDir,
    "--report-interval-ms",
    "200",
    "--drain-timeout-ms",
    "3000",
    ...(opts.app ? ["--inbound", `127.0.0.1:${inboundPort}`, "--app", `127.0.0.1:${opts.app}`] : []),
    ...(opts.extra ?? []),
  ];
  const config = parseConfig(args, {});
  const proxy = await build(
    config,
    { outbound, inbound: opts.app ? inbound : undefined, admin },
    { logger: createLogger(process.env.TRELLIS_TEST_LOG === "1" ? "debug" : "silent") },
  );
  scope.add(() => proxy.drain());
  await proxy.run();
  return { proxy, outboundPort, inboundPort, adminPort, stateDir };
}

type SnapshotInput = {
  version: number;
  mtlsMode?: "strict" | "permissive";
  egressMode?: "allow" | "deny";
  trustBundle: string[];
  services: {
    name: string;
    namespace?: string;
    port?: number;
    protocol?: "http" | "http2" | "grpc" | "tcp";
    endpoints: { port: number; sa: string; identity?: string }[];
    loadBalancer?: "p2c-ewma" | "round-robin";
  }[];
  httpRoutes?: unknown[];
  grpcRoutes?: unknown[];
  defaultPolicy?: "allow" | "deny";
  retryPolicies?: unknown[];
  circuitBreakers?: unknown[];
  authorizationPolicies?: unknown[];
  rateLimits?: unknown[];
  faultInjections?: unknown[];
};

/** A named policy/route document as the snapshot carries it. */
export function named(name: string, spec: unknown): { name: string; generation: number; spec: unknown } {
  return { name, generation: 1, spec };
}

/** A valid snapshot (schema defaults applied) from a compact description. */
export function snapshot(input: SnapshotInput): ConfigSnapshot {
  return configSnapshotSchema.parse({
    schema: "trellis.config/v1",
    mesh: { name: "test", trustDomain },
    cluster: "clu_test",
    version: input.version,
    settings: {
      mtlsMode: input.mtlsMode ?? "strict",
      egressMode: input.egressMode ?? "deny",
      defaultPolicy: input.defaultPolicy ?? "allow",
      certTtlSeconds: 86400,
    },
    services: input.services.map((s) => ({
      name: s.name,
      namespace: s.namespace ?? "default",
      hostnames: [`${s.name}.${s.namespace ?? "default"}.svc.cluster.local`, s.name],
      ports: [{ port: s.port ?? 80, protocol: s.protocol ?? "http" }],
      endpoints: s.endpoints.map((e) => ({
        address: "127.0.0.1",
        port: e.port,
        identity: e.identity ?? spiffe(e.sa, s.namespace),
        cluster: "clu_test",
      })),
      loadBalancer: s.loadBalancer,
    })),
    httpRoutes: input.httpRoutes ?? [],
    grpcRoutes: input.grpcRoutes ?? [],
    retryPolicies: input.retryPolicies ?? [],
    circuitBreakers: input.circuitBreakers ?? [],
    authorizationPolicies: input.authorizationPolicies ?? [],
    rateLimits: input.rateLimits ?? [],
    faultInjections: input.faultInjections ?? [],
    trustBundle: input.trustBundle,
  });
}

/** Waits until the proxy's admin port says ready. */
export async function ready(p: ProxyHandle): Promise<void> {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${p.adminPort}/ready`)).status === 200, {
    what: "proxy ready",
  });
}

/** The value of one Prometheus sample on the proxy's admin port (0 when absent). */
export async function metric(
  p: ProxyHandle,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${p.adminPort}/metrics`)).text();
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}
