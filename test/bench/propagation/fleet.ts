import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/** One round as the bench sees it: a snapshot of `version` on every stream of the fleet. */
export interface FleetRound {
  /** Arrival of the snapshot at each stream, in ms after the fleet started waiting. */
  latenciesMs: Promise<number[]>;
}

/**
 * A ClientFleet in a child process (fleet-child.ts): the simulated connectors get their
 * own event loop, so neither the bench process nor the server under test pays for their
 * reading and ACKing, and the reference and our control plane are measured alike.
 */
export class FleetProcess {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<
    string,
    { resolve: (rest: string) => void; reject: (e: Error) => void }
  >();
  size = 0;
  welcomed = 0;
  readonly failures: string[] = [];

  constructor(target: string, bearer?: { prefix: string; suffix: string }) {
    this.child = spawn(
      process.execPath,
      ["--import", "tsx", join(here, "fleet-child.ts"), JSON.stringify({ target, bearer })],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    createInterface({ input: this.child.stdout! }).on("line", (line) => {
      const at = line.indexOf(" ");
      const [what, rest] = at < 0 ? [line, ""] : [line.slice(0, at), line.slice(at + 1)];
      if (what === "welcomed") this.welcomed = Number(rest);
      else if (what === "failure") this.failures.push(rest);
      else if (what === "round") {
        const space = rest.indexOf(" ");
        this.settle(`round ${rest.slice(0, space)}`, rest.slice(space + 1));
      } else if (what === "expecting") this.settle(`expecting ${rest}`, "");
      else if (what === "payload-written") this.settle("payload-written", "");
    });
    this.child.on("exit", (code, signal) => {
      const why = new Error(`the fleet process exited (${signal ?? code})`);
      for (const w of this.waiting.values()) w.reject(why);
      this.waiting.clear();
    });
  }

  /** Opens streams until the fleet holds `count`. */
  grow(count: number): void {
    this.size = Math.max(this.size, count);
    this.command(`grow ${count}`);
  }

  /** Resolves once the fleet waits for `version`: start the change after this. */
  async expect(version: number): Promise<FleetRound> {
    const latencies = this.next(`round ${version}`);
    await this.ask(`expect ${version}`, `expecting ${version}`);
    return { latenciesMs: latencies.then((json) => JSON.parse(json) as number[]) };
  }

  /** The last snapshot payload a stream received. */
  async lastPayload(file: string): Promise<Buffer> {
    await this.ask(`payload ${file}`, "payload-written");
    return readFileSync(file);
  }

  close(): void {
    this.child.stdin!.end();
    setTimeout(() => this.child.kill("SIGKILL"), 5000).unref();
  }

  private command(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  private ask(line: string, answer: string): Promise<string> {
    const reply = this.next(answer);
    this.command(line);
    return reply;
  }

  private next(key: string): Promise<string> {
    return new Promise((resolve, reject) => this.waiting.set(key, { resolve, reject }));
  }

  private settle(key: string, rest: string): void {
    this.waiting.get(key)?.resolve(rest);
    this.waiting.delete(key);
  }
}
