/**
 * Socket syscalls per request of each proxy of our pair (and of an older build with
 * `BENCH_BASELINE_BIN`): `strace -c -f` attached to each proxy while h2load sends a fixed
 * number of requests (HTTP/1.1, 16 keep-alive connections). Unlike throughput, the count
 * does not depend on what else the machine runs, so it is how "fewer writes" is measured
 * here. `node --import tsx test/bench/proxy/syscalls.ts`.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { FakeConnector, TestCa } from "@trellis/proxy/testing/fake-connector";
import { startProxyPair } from "./pair.ts";
import type { Child } from "./processes.ts";
import { benchSnapshot, host, trustDomain } from "./snapshot.ts";

const requests = Number(process.env.BENCH_REQUESTS ?? 3000);
const traced = "write,writev,sendmsg,sendto,read,readv,recvfrom,recvmsg,epoll_wait,epoll_pwait";
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const run = promisify(execFile);

/** Calls per syscall from `strace -c` output. */
function parseSummary(text: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    // % time, seconds, usecs/call, calls, [errors], syscall
    if (f.length >= 5 && /^\d+\.\d+$/.test(f[0]!) && f.at(-1) !== "total") {
      calls.set(f.at(-1)!, Number(f[3]));
    }
  }
  return calls;
}

async function countFor(name: string, bin: string, dir: string, ca: TestCa): Promise<void> {
  const started: Child[] = [];
  const connector = await FakeConnector.start({ ca });
  try {
    const pair = await startProxyPair({
      repo,
      proxyBin: bin,
      dir: join(dir, name),
      connectorAddress: connector.address,
      started,
      extra: ["--workers", "1"],
    });
    connector.push(benchSnapshot(pair.inboundPort, ca.rootPem));
    await pair.ready();
    const port = Number(pair.clientAddr.outbound!.split(":")[1]);
    const h2load = (n: number) =>
      run("h2load", [
        "--h1",
        `-n${n}`,
        "-c16",
        "-m1",
        "-H",
        `:authority: ${host}`,
        `http://127.0.0.1:${port}/`,
      ]);
    await h2load(1000); // warm up: pools, JIT
    const proxies = { client: pair.clientProxy, server: pair.serverProxy };
    const straces = Object.entries(proxies).map(([role, c]) => {
      const s = spawn("strace", ["-c", "-f", "-e", `trace=${traced}`, "-p", String(c.proc.pid)], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let out = "";
      s.stderr.on("data", (d: Buffer) => {
        out += d.toString();
      });
      const done = new Promise<string>((r) => s.once("exit", () => r(out)));
      return { role, s, done };
    });
    await new Promise((r) => setTimeout(r, 1000)); // strace attached to every thread
    const { stdout } = await h2load(requests);
    const ok = Number(/(\d+) succeeded/.exec(stdout)?.[1] ?? 0);
    for (const t of straces) t.s.kill("SIGINT");
    for (const t of straces) {
      const calls = parseSummary(await t.done);
      const per = (names: string[]) => names.reduce((n, k) => n + (calls.get(k) ?? 0), 0) / ok;
      console.log(
        `${name.padEnd(9)} ${t.role.padEnd(6)} per request: writes ${per(["write", "writev", "sendmsg", "sendto"]).toFixed(2)}` +
          `, reads ${per(["read", "readv", "recvfrom", "recvmsg"]).toFixed(2)}, epoll waits ${per(["epoll_wait", "epoll_pwait"]).toFixed(2)}` +
          `  (${[...calls].map(([k, v]) => `${k} ${v}`).join(", ")}; ${ok} requests)`,
      );
    }
  } finally {
    for (const c of started.reverse()) await c.stop();
    await connector.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), "trellis-syscalls-"));
const ca = await TestCa.create(trustDomain);
try {
  await countFor("current", join(repo, "proxy/sidecar/bin/trellis-proxy.mjs"), dir, ca);
  if (process.env.BENCH_BASELINE_BIN) await countFor("baseline", process.env.BENCH_BASELINE_BIN, dir, ca);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
