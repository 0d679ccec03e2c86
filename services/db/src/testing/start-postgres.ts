import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ThrowawayPostgres {
  url: string;
  /** Stops the server for good and removes its files. */
  stop(): void;
  /** Stops the server (fast shutdown: sessions are cut), keeping its data — an outage. */
  halt(): void;
  /** Starts it again on the same port and data after `halt()`. */
  resume(): void;
}

/**
 * Starts a throwaway PostgreSQL cluster in a temp dir on a free loopback port, tuned for
 * tests (no fsync). PostgreSQL refuses to run as root, so as root it runs as `postgres`.
 */
export async function startPostgres(binDir: string): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "trellis-pg-"));
  const dataDir = join(dir, "data");
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync("chown", ["-R", "postgres:postgres", dir]);
  }
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", join(binDir, cmd), ...args], { stdio: "pipe" })
      : execFileSync(join(binDir, cmd), args, { stdio: "pipe" });
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  const start = () =>
    run("pg_ctl", ["-D", dataDir, "-o", options, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    halt: () => run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]),
    resume: start,
    stop() {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
