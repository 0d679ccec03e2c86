import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { connectorBin, Proc } from "../support/processes.ts";

// A small mesh on loopback for Gateway API behaviour through the real data plane: the real
// trellis-connector (file discovery) and one real trellis-proxy per workload, every
// listener on port 0 (each program logs the port it bound).

const repo = fileURLToPath(new URL("../../", import.meta.url));
const proxyBin = join(repo, "proxy/sidecar/bin/trellis-proxy.mjs");

/** What an echo app answers: who it is and the request it saw. */
export interface Echo {
  app: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * An HTTP app that echoes the request; `/slow…` answers only after `slowMs`, and `/flaky…`
 * answers 503 to the first request of each path (a retry then succeeds).
 */
export class EchoApp {
  readonly seen: Echo[] = [];
  private readonly flaked = new Set<string>();
  private readonly server: Server;
  port = 0;

  constructor(
    readonly name: string,
    slowMs = 5_000,
  ) {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const echo: Echo = { app: name, method: req.method ?? "", path: req.url ?? "", headers: req.headers };
      this.seen.push(echo);
      req.resume();
      const answer = () =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(echo));
      if (echo.path.startsWith("/flaky") && !this.flaked.has(echo.path)) {
        this.flaked.add(echo.path);
        res.writeHead(503).end("flaky on purpose");
      } else if (echo.path.startsWith("/slow")) {
        const timer = setTimeout(answer, slowMs);
        res.on("close", () => clearTimeout(timer));
      } else answer();
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A workload: its app (if it serves) and its proxy's identity. */
export interface WorkloadSpec {
  service: string;
  namespace: string;
  app?: EchoApp;
}

export interface RunningProxy {
  spec: WorkloadSpec;
  proc: Proc;
  inbound?: string;
  outbound?: string;
  admin: string;
}

/** The connector, the proxies and the discovery file they share. */
export class LoopbackMesh {
  readonly dir = mkdtempSync(join(tmpdir(), "trellis-gamma-mesh-"));
  private readonly discoveryFile = join(this.dir, "services.yaml");
  connector?: Proc;
  connectorPort = 0;
  readonly proxies: RunningProxy[] = [];

  /** Starts the connector with its join token; the discovery file comes once proxies listen. */
  async startConnector(tunnelUrl: string, joinToken: string): Promise<void> {
    this.connector = new Proc(
      "connector",
      connectorBin,
      [
        ...["--control-plane", tunnelUrl, "--join-token", joinToken],
        ...["--state-dir", join(this.dir, "connector"), "--discovery", `file:${this.discoveryFile}`],
        ...["--listen", "127.0.0.1:0", "--log-level", "info", "--max-backoff-ms", "1000"],
      ],
      {},
    );
    const started = await this.connector.waitForLog(
      (l) => l.msg === "connector started",
      "connector started",
    );
    this.connectorPort = Number(started.proxyPort);
  }

  /** Starts one proxy: inbound to its app when it has one, outbound always. */
  async startProxy(spec: WorkloadSpec): Promise<RunningProxy> {
    const args = [
      ...["--connector", `127.0.0.1:${this.connectorPort}`, "--namespace", spec.namespace],
      ...["--service", spec.service, "--service-account", spec.service, "--workload", `${spec.service}-0`],
      // An inbound on port 0 listens at once (discovery, which its certificate waits for, needs the port).
      ...(spec.app ? ["--inbound", "127.0.0.1:0", "--app", `127.0.0.1:${spec.app.port}`] : []),
      ...["--outbound", "127.0.0.1:0", "--admin", "127.0.0.1:0"],
      ...["--state-dir", join(this.dir, "proxies", spec.service), "--report-interval-ms", "500"],
      ...["--log-level", "warn"],
    ];
    const proc = new Proc(`proxy ${spec.service}`, proxyBin, args, {});
    const serving = await proc.waitForLog(
      (l) => l.msg === "trellis-proxy serving",
      `proxy ${spec.service} serving`,
    );
    const running: RunningProxy = {
      spec,
      proc,
      admin: String(serving.admin),
      ...(serving.inbound ? { inbound: String(serving.inbound) } : {}),
      ...(serving.outbound ? { outbound: String(serving.outbound) } : {}),
    };
    this.proxies.push(running);
    return running;
  }

  /**
   * Writes the discovery file: each serving proxy is a service of that name, and `aliases`
   * add services selecting the same endpoints (a Kubernetes Service over several versions).
   */
  writeDiscovery(aliases: { name: string; namespace: string; of: string }[] = []): void {
    const endpointsOf = (service: string) =>
      this.proxies
        .filter((p) => p.spec.service === service && p.inbound)
        .map((p) => ({
          address: "127.0.0.1",
          port: Number(p.inbound!.split(":").pop()),
          serviceAccount: p.spec.service,
          workload: `${p.spec.service}-0`,
        }));
    const http = [{ port: 80, protocol: "http", name: "http" }];
    const services = [
      ...this.proxies
        .filter((p) => p.inbound)
        .map((p) => ({
          name: p.spec.service,
          namespace: p.spec.namespace,
          ports: http,
          endpoints: endpointsOf(p.spec.service),
        })),
      ...aliases.map((a) => ({
        name: a.name,
        namespace: a.namespace,
        ports: http,
        endpoints: endpointsOf(a.of),
      })),
    ];
    writeFileSync(this.discoveryFile, stringify({ services }));
  }

  async stop(): Promise<void> {
    await Promise.all(this.proxies.map((p) => p.proc.stop()));
    await this.connector?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
