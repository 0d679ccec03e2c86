import { spawn } from "node:child_process";
import type { CaptureOptions } from "./capture-options.ts";
import { captureRules, chains } from "./iptables-rules.ts";

export type ApplyResult =
  | { applied: true; rules: string }
  | { applied: false; reason: string; rules: string };

/** Runs a command with `input` on stdin; resolves with its exit code and output. */
function run(
  command: string,
  args: string[],
  input = "",
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "ENOENT" ? new Error(`${command} not found: install iptables in the image`) : err),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    // A command that exits before reading its stdin (iptables-save never reads it) makes
    // the write fail with EPIPE; its exit code and stderr already say how it went.
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

/**
 * Installs the capture rules in the current network namespace (the pod's) in one
 * `iptables-restore --noflush` transaction. If our chains already exist — the init
 * container ran before in this pod sandbox — nothing is added twice.
 */
export async function applyCaptureRules(o: CaptureOptions): Promise<ApplyResult> {
  const rules = captureRules(o);
  if (o.dryRun) return { applied: false, reason: "dry run", rules };
  const saved = await run(o.iptablesSave, ["-t", "nat"]);
  if (saved.code !== 0) throw new Error(`${o.iptablesSave} -t nat failed: ${saved.stderr.trim()}`);
  if (saved.stdout.includes(`:${chains.output} `))
    return { applied: false, reason: "the capture rules are already installed", rules };
  const restored = await run(o.iptablesRestore, ["--noflush"], rules);
  if (restored.code !== 0)
    throw new Error(`${o.iptablesRestore} --noflush failed: ${restored.stderr.trim()}`);
  return { applied: true, rules };
}
