import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./build-console.ts";

/** A free loopback port (closed again at once; good enough for a test's own listeners). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningConnector {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the real `trellis-connector` binary with file discovery of two services, exactly
 * as the console's command tells a user to (plus a test version string).
 */
export async function startConnector(args: {
  controlPlane: string;
  joinToken: string;
}): Promise<RunningConnector> {
  const dir = mkdtempSync(join(tmpdir(), "trellis-web-connector-"));
  writeFileSync(
    join(dir, "services.yaml"),
    [
      "services:",
      "  - name: web",
      "    ports: [{ port: 8080, protocol: http }]",
      "    endpoints: [{ address: 127.0.0.1, port: 4143 }]",
      "  - name: api",
      "    ports: [{ port: 9090, protocol: http }]",
      "    endpoints: [{ address: 127.0.0.1, port: 4144 }]",
      "",
    ].join("\n"),
  );
  const listen = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, "proxy/connector/bin/trellis-connector.mjs"),
      "--control-plane",
      args.controlPlane,
      "--join-token",
      args.joinToken,
      "--state-dir",
      join(dir, "state"),
      "--discovery",
      `file:${join(dir, "services.yaml")}`,
      "--listen",
      `127.0.0.1:${listen}`,
      "--version",
      "0.9.0-webtest",
      "--log-level",
      "warn",
    ],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
