import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { sampleSnapshot } from "../src/testing/sample-snapshot.ts";
import { Harness } from "./harness.ts";

const bin = fileURLToPath(new URL("../bin/trellis-connector.mjs", import.meta.url));
const h = new Harness();
afterEach(() => h.cleanup());

type Run = { child: ChildProcess; output: () => string; exit: Promise<number | null> };

function run(args: string[]): Run {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  h.defer(() => child.exitCode === null && child.kill("SIGKILL"));
  return { child, output: () => out, exit };
}

/**
 * Waits for `fn` while the process runs: an early exit fails at once with the process's
 * output (read when the wait ends, not when it starts) instead of at the deadline.
 */
async function whileRunning<T>(r: Run, fn: () => T, what: string): Promise<NonNullable<T>> {
  let settled = false;
  const exited = r.exit.then((code): never => {
    if (settled) return undefined as never;
    throw new Error(`the process exited (${code}) before ${what}; output:\n${r.output()}`);
  });
  try {
    return await Promise.race([
      waitFor(fn, { timeoutMs: 20_000, what: () => `${what}; output:\n${r.output()}` }),
      exited,
    ]);
  } finally {
    settled = true;
  }
}

describe("trellis-connector bin", () => {
  it("joins, ACKs a snapshot, reports status on its admin port, and exits 0 on SIGTERM", async () => {
    const cp = await FakeControlPlane.start({ joinTokens: ["jt_bin"] });
    h.defer(() => cp.stop());
    const dir = await h.tempDir();
    const file = join(dir, "services.yaml");
    await writeFile(file, "services: []\n");
    const stateDir = join(dir, "state");
    const proc = run([
      "--control-plane",
      cp.url,
      "--join-token",
      "jt_bin",
      "--state-dir",
      stateDir,
      "--discovery",
      `file:${file}`,
      "--listen",
      "127.0.0.1:0",
      "--admin",
      "127.0.0.1:0",
      "--version",
      "1.2.3-bin",
    ]);
    const { child, output, exit } = proc;
    await whileRunning(proc, () => cp.hellos[0], "hello from the process");
    expect(cp.hellos[0]!.connectorVersion).toBe("1.2.3-bin");
    cp.pushSnapshot(2, sampleSnapshot(2));
    await whileRunning(proc, () => cp.messages("ack").some((a) => a.version === 2), "ack from the process");

    const started = await waitFor(() =>
      output()
        .split("\n")
        .find((l) => l.includes('"connector started"')),
    );
    const adminPort = JSON.parse(started).adminPort as number;
    const status = await (await fetch(`http://127.0.0.1:${adminPort}/status`)).json();
    expect(status).toMatchObject({ state: "connected", snapshot: { version: 2, source: "control-plane" } });
    expect((await fetch(`http://127.0.0.1:${adminPort}/live`)).status).toBe(200);

    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("exits 3 when the control plane revokes it, and 2 on a bad flag", async () => {
    const cp = await FakeControlPlane.start({ joinTokens: ["jt_bin"] });
    h.defer(() => cp.stop());
    const dir = await h.tempDir();
    const file = join(dir, "services.yaml");
    await writeFile(file, "services: []\n");
    const proc = run([
      "--control-plane",
      cp.url,
      "--join-token",
      "jt_bin",
      "--state-dir",
      join(dir, "state"),
      "--discovery",
      `file:${file}`,
      "--listen",
      "127.0.0.1:0",
    ]);
    await whileRunning(proc, () => cp.live.some((s) => s.hello), "connected process");
    cp.revoke();
    expect(await proc.exit).toBe(3);
    expect(proc.output()).toMatch(/revoked/);

    const bad = run([
      "--control-plane",
      "ftp://nope",
      "--state-dir",
      dir,
      "--discovery",
      "kubernetes",
      "--listen",
      "127.0.0.1:0",
    ]);
    expect(await bad.exit).toBe(2);
    expect(bad.output()).toMatch(/invalid --control-plane/);
  });
});
