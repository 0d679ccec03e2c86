import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import { build, type Connector, type Logger, parseConfig, type Tuning } from "../src/index.ts";

/** Fast timings for tests; still well above what 2 busy cores need to answer. */
export const fastTuning: Partial<Tuning> = {
  backoffBaseMs: 50,
  backoffCapMs: 500,
  reportIntervalMs: 500,
  reportDebounceMs: 20,
  metricWindowMs: 300,
  loadReportIntervalMs: 300,
  discoveryDebounceMs: 30,
  discoveryPollMs: 1_000,
  signTimeoutMs: 3_000,
  commandTimeoutMs: 2_000,
};

/** Collects log lines so a failing test can show them, and tests can assert on them. */
export function memoryLogger(): Logger & { lines: { level: string; msg: string; fields?: unknown }[] } {
  const lines: { level: string; msg: string; fields?: unknown }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    lines.push({ level, msg, fields });
    if (process.env.CONNECTOR_TEST_LOGS) console.error(level, msg, fields ?? "");
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export class Harness {
  private readonly cleanups: (() => Promise<unknown> | unknown)[] = [];

  async tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "trellis-connector-"));
    this.defer(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  defer(fn: () => Promise<unknown> | unknown): void {
    this.cleanups.push(fn);
  }

  /** Builds (not starts) a connector from real flags plus test timings. */
  connector(
    args: {
      controlPlane: string;
      stateDir: string;
      discovery: string;
      joinToken?: string;
      admin?: boolean;
      extra?: string[];
    },
    opts: { tuning?: Partial<Tuning>; kubeConfig?: KubeConfig } = {},
  ): Connector & { logs: ReturnType<typeof memoryLogger> } {
    const argv = [
      "--control-plane",
      args.controlPlane,
      "--state-dir",
      args.stateDir,
      "--discovery",
      args.discovery,
      "--listen",
      "127.0.0.1:0",
      ...(args.joinToken ? ["--join-token", args.joinToken] : []),
      ...(args.admin ? ["--admin", "127.0.0.1:0"] : []),
      "--version",
      "9.9.9-test",
      ...(args.extra ?? []),
    ];
    const config = parseConfig(argv, {});
    const tuned = { ...config, tuning: { ...config.tuning, ...fastTuning, ...opts.tuning } };
    const logs = memoryLogger();
    const connector = build(tuned, { logger: logs, kubeConfig: opts.kubeConfig });
    this.defer(() => connector.stop());
    return Object.assign(connector, { logs });
  }

  async cleanup(): Promise<void> {
    for (const fn of this.cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // keep cleaning
      }
    }
    this.cleanups.length = 0;
  }
}
