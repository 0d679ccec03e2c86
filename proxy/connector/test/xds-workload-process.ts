import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { EchoBehaviour } from "../src/testing/echo-service.ts";
import type { CallResult } from "../src/testing/xds-workload.ts";

const workloadScript = join(import.meta.dirname, "../src/testing/xds-workload.ts");

/**
 * A proxyless gRPC workload in its own process (src/testing/xds-workload.ts), as a user
 * would run one: its bootstrap file in GRPC_XDS_BOOTSTRAP, nothing else shared with the
 * test. Commands go as JSON lines on stdin; answers and events come back on stdout.
 */
export class WorkloadProcess {
  readonly child: ChildProcess;
  readonly events: Record<string, unknown>[] = [];
  readonly stderr: string[] = [];
  private readonly waiting = new Map<number, (msg: Record<string, unknown>) => void>();
  private seq = 0;

  constructor(name: string, env: { bootstrap: string; serve?: string; extra?: Record<string, string> }) {
    this.child = spawn(process.execPath, ["--import", "tsx", workloadScript], {
      env: {
        ...process.env,
        GRPC_XDS_BOOTSTRAP: env.bootstrap,
        WORKLOAD_NAME: name,
        ...(env.serve ? { WORKLOAD_SERVE: env.serve } : {}),
        ...env.extra,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    createInterface({ input: this.child.stdout! }).on("line", (line) => {
      const msg = JSON.parse(line) as Record<string, unknown>;
      if (typeof msg.id === "number") this.waiting.get(msg.id)?.(msg);
      else this.events.push(msg);
    });
    createInterface({ input: this.child.stderr! }).on("line", (line) => {
      this.stderr.push(line);
      if (process.env.CONNECTOR_TEST_LOGS) console.error(`[${name}] ${line}`);
    });
  }

  private request(cmd: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin!.write(`${JSON.stringify({ ...cmd, id })}\n`);
    });
  }

  behave(behaviour: EchoBehaviour): Promise<unknown> {
    return this.request({ op: "behave", behaviour });
  }

  async call(
    target: string,
    count: number,
    opts: { metadata?: Record<string, string>; deadlineMs?: number } = {},
  ) {
    const reply = await this.request({ op: "call", target, count, ...opts });
    return reply.results as CallResult[];
  }

  hasEvent(event: string): boolean {
    return this.events.some((e) => e.event === event);
  }

  stop(): void {
    this.child.kill("SIGKILL");
  }
}
