import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Why network namespaces cannot be made here, or undefined when they can. */
export function namespacesUnavailable(): string | undefined {
  if (process.platform !== "linux") return "not Linux";
  if (process.getuid?.() !== 0) return "not root (ip netns and iptables need it)";
  for (const tool of ["ip", "iptables-restore", "iptables-save", "setpriv"]) {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    } catch {
      return `${tool} is not installed`;
    }
  }
  const probe = `trl-probe-${process.pid}`;
  try {
    execFileSync("ip", ["netns", "add", probe], { stdio: "pipe" });
    execFileSync("ip", ["netns", "del", probe], { stdio: "pipe" });
  } catch (err) {
    return `ip netns add failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  }
  return undefined;
}

const sh = (args: string[]) => execFileSync(args[0]!, args.slice(1), { stdio: "pipe" });

/**
 * Two namespaces joined by a veth pair: `app` (198.18.0.1, where the pod's rules go) and
 * `svc` (198.18.0.2, another pod's service). 198.18.0.0/15 is reserved for tests
 * (RFC 2544); the addresses exist only inside these namespaces.
 */
export function makeNetwork() {
  const id = process.pid % 100_000;
  const app = `trl-app-${id}`;
  const svc = `trl-svc-${id}`;
  const [vApp, vSvc] = [`trla${id}`, `trls${id}`];
  sh(["ip", "netns", "add", app]);
  sh(["ip", "netns", "add", svc]);
  sh(["ip", "link", "add", vApp, "type", "veth", "peer", "name", vSvc]);
  sh(["ip", "link", "set", vApp, "netns", app]);
  sh(["ip", "link", "set", vSvc, "netns", svc]);
  for (const [ns, dev, addr] of [
    [app, vApp, "198.18.0.1/30"],
    [svc, vSvc, "198.18.0.2/30"],
  ] as const) {
    sh(["ip", "-n", ns, "addr", "add", addr, "dev", dev]);
    sh(["ip", "-n", ns, "link", "set", dev, "up"]);
    sh(["ip", "-n", ns, "link", "set", "lo", "up"]);
  }
  return {
    app,
    svc,
    appAddress: "198.18.0.1",
    svcAddress: "198.18.0.2",
    remove() {
      for (const ns of [app, svc]) {
        try {
          sh(["ip", "netns", "del", ns]);
        } catch {
          // already gone
        }
      }
    },
  };
}

/** A process inside a namespace, optionally as another uid; its JSON stdout lines collected. */
export interface NsProcess {
  child: ChildProcess;
  events: Record<string, unknown>[];
  stderr(): string;
  exited: Promise<number>;
}

export function runIn(ns: string, argv: string[], options: { uid?: number } = {}): NsProcess {
  const drop =
    options.uid === undefined
      ? []
      : ["setpriv", `--reuid=${options.uid}`, `--regid=${options.uid}`, "--clear-groups"];
  const child = spawn("ip", ["netns", "exec", ns, ...drop, ...argv], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: Record<string, unknown>[] = [];
  let buffered = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => {
    buffered += c.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith("{")) events.push(JSON.parse(line) as Record<string, unknown>);
      else if (line.trim()) events.push({ event: "line", text: line });
    }
  });
  child.stderr!.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  return { child, events, stderr: () => stderr, exited };
}

/** `node --import tsx test/programs/tcp-probe.ts <args>` inside a namespace. */
export function probe(ns: string, args: string[], options: { uid?: number } = {}): NsProcess {
  return runIn(ns, [process.execPath, "--import", "tsx", "test/programs/tcp-probe.ts", ...args], options);
}

/** Waits (polling, with a deadline) for an event of a process; the failure shows its stderr. */
export async function waitForEvent(
  proc: NsProcess,
  match: (e: Record<string, unknown>) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = proc.events.find(match);
    if (found) return found;
    if (proc.child.exitCode !== null || Date.now() > deadline)
      throw new Error(
        `no ${what} (exit ${proc.child.exitCode}); stderr: ${proc.stderr()}; events: ${JSON.stringify(proc.events)}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a client to completion and returns its answer. */
export async function ask(
  ns: string,
  host: string,
  port: number,
  options: { uid?: number } = {},
): Promise<string> {
  const client = probe(ns, ["connect", host, String(port), "hello"], options);
  const event = await waitForEvent(
    client,
    (e) => e.event === "answer" || e.event === "error",
    `an answer from ${host}:${port}`,
  );
  await client.exited;
  if (event.event === "error") throw new Error(`connect ${host}:${port}: ${String(event.error)}`);
  return event.answer as string;
}
