import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));
export const controlPlaneBin = `${repo}services/control-plane/bin/trellis-control-plane.mjs`;
export const connectorBin = `${repo}proxy/connector/bin/trellis-connector.mjs`;

const testKek = randomBytes(32).toString("base64");

export type LogLine = Record<string, unknown> & { msg?: string; level?: string };

/** A child process whose JSON log lines (stderr) are kept for assertions. */
export class Proc {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<number | null>;
  exitCode: number | null | undefined = undefined;
  /** Everything the process printed so far (stdout and stderr), for failure messages. */
  output = "";
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    script: string,
    args: string[],
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [script, ...args], {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buffer = "";
    const onData = (chunk: Buffer) => {
      this.output += chunk.toString();
      buffer += chunk.toString();
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          // not a JSON line (a stack trace, a warning)
        }
        nl = buffer.indexOf("\n");
      }
    };
    this.child.stderr!.on("data", onData);
    this.child.stdout!.on("data", onData);
    this.exited = new Promise((resolve) =>
      this.child.on("exit", (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
  }

  /** Waits for a log line matching `pred`, failing with the process output on timeout or exit. */
  async waitForLog(
    pred: (l: LogLine) => boolean,
    what: string,
    // A deadline only matters when something is wrong; start-up under a loaded 2-core
    // machine (tsx transpiling a whole control plane) has taken well over 20 s.
    timeoutMs = 90_000,
    /** Only lines logged after `mark()` returned this. */
    from = 0,
  ): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.logs.slice(from).find(pred);
      if (hit) return hit;
      if (this.exitCode !== undefined || Date.now() > deadline)
        throw new Error(
          `${this.name}: ${this.exitCode !== undefined ? `exited (${this.exitCode})` : "timed out"} waiting for ${what}\n${this.output.slice(-3000)}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** A position in the log, for waiting on what comes after it. */
  mark(): number {
    return this.logs.length;
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.exitCode === undefined) this.child.kill(signal);
    return this.exited;
  }
}

export interface ControlPlaneProc extends Proc {
  apiUrl: string;
  tunnelUrl: string;
}

/** The real `trellis-control-plane` bin on fixed loopback ports (so a restart keeps them). */
export async function startControlPlaneProcess(opts: {
  databaseUrl?: string;
  port: number;
  tunnelPort: number;
  replicaId: string;
  dataDir: string;
  env?: Record<string, string>;
  /** How long it may take to listen (default 20 s; embedded PGlite on busy cores takes longer). */
  readyTimeoutMs?: number;
}): Promise<ControlPlaneProc> {
  const proc = new Proc(`control plane ${opts.replicaId}`, controlPlaneBin, [], {
    // Without one the control plane runs on embedded PGlite in its data dir.
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    HOST: "127.0.0.1",
    PORT: String(opts.port),
    TUNNEL_HOST: "127.0.0.1",
    TUNNEL_PORT: String(opts.tunnelPort),
    REPLICA_ID: opts.replicaId,
    TRELLIS_DATA_DIR: opts.dataDir,
    TUNNEL_HEARTBEAT_INTERVAL_MS: "1000",
    LOG_LEVEL: "info",
    // With DATABASE_URL the control plane requires a KEK; one per test run, shared by replicas.
    TRELLIS_KEK: testKek,
    ...opts.env,
  });
  const ready = await proc.waitForLog(
    (l) => l.msg === "control plane listening",
    "control plane listening",
    opts.readyTimeoutMs,
  );
  return Object.assign(proc, { apiUrl: String(ready.apiUrl), tunnelUrl: String(ready.tunnelUrl) });
}

export interface ConnectorProc extends Proc {
  proxyPort: number;
  adminPort: number;
}

/** The real `trellis-connector` bin, as issue 3 specifies its flags. */
export async function startConnectorProcess(opts: {
  tunnelUrl: string;
  joinToken?: string;
  stateDir: string;
  discoveryFile: string;
}): Promise<ConnectorProc> {
  const args = [
    "--control-plane",
    opts.tunnelUrl,
    "--state-dir",
    opts.stateDir,
    "--discovery",
    `file:${opts.discoveryFile}`,
    "--listen",
    "127.0.0.1:0",
    "--admin",
    "127.0.0.1:0",
    "--log-level",
    "debug",
    // The control plane is restarted in these tests; 30 s between retries would only be waiting.
    "--max-backoff-ms",
    "2000",
  ];
  if (opts.joinToken) args.push("--join-token", opts.joinToken);
  const proc = new Proc("connector", connectorBin, args, {});
  const started = await proc.waitForLog((l) => l.msg === "connector started", "connector started");
  return Object.assign(proc, { proxyPort: Number(started.proxyPort), adminPort: Number(started.adminPort) });
}
