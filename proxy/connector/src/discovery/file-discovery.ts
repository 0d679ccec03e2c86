import { type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { errorText, type Logger } from "@trellis/proxy-core/logger";
import { parseDiscoveryFile } from "./file-format.ts";
import { countEndpoints, type DiscoveredServices, type Discovery, type DiscoveryStatus } from "./types.ts";

/**
 * `--discovery file:<path>`. Watches the directory rather than the file: editors and
 * Kubernetes ConfigMap mounts replace the file (rename over it), which ends a watch on
 * the file itself. Events are debounced, and a slow poll catches what fs.watch misses.
 * A bad file is logged and leaves the previous state in force.
 */
export class FileDiscovery implements Discovery {
  readonly mode = "file" as const;
  private readonly path: string;
  private state: DiscoveredServices | null = null;
  private stateJson = "";
  private lastError: string | null = null;
  private updatedAt: string | null = null;
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private poll: NodeJS.Timeout | null = null;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    path: string,
    private readonly opts: { debounceMs: number; pollMs: number },
    private readonly onUpdate: (update: DiscoveredServices) => void,
    private readonly log: Logger,
  ) {
    this.path = resolve(path);
  }

  async start(): Promise<void> {
    await this.reload();
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), (_event, file) => {
        if (file === null || file === name || file.startsWith("..")) this.schedule();
      });
      this.watcher.on("error", (err) =>
        this.log.warn("discovery file watch failed", { error: errorText(err) }),
      );
    } catch (err) {
      this.log.warn("cannot watch the discovery directory; polling only", { error: errorText(err) });
    }
    this.poll = setInterval(() => this.schedule(), this.opts.pollMs);
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.poll) clearInterval(this.poll);
    await this.reading;
  }

  current(): DiscoveredServices | null {
    return this.state;
  }

  status(): DiscoveryStatus {
    return {
      mode: this.mode,
      services: this.state?.services.length ?? 0,
      endpoints: countEndpoints(this.state),
      lastError: this.lastError,
      updatedAt: this.updatedAt,
    };
  }

  private schedule(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.reading = this.reading.then(() => this.reload());
    }, this.opts.debounceMs);
  }

  private async reload(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      return this.fail(`cannot read ${this.path}: ${errorText(err)}`);
    }
    const parsed = parseDiscoveryFile(text);
    if (!parsed.ok) return this.fail(`${this.path}: ${parsed.error}`);
    this.lastError = null;
    const json = JSON.stringify(parsed.update);
    if (json === this.stateJson) return;
    this.state = parsed.update;
    this.stateJson = json;
    this.updatedAt = new Date().toISOString();
    this.log.info("discovery file loaded", { path: this.path, services: parsed.update.services.length });
    this.onUpdate(parsed.update);
  }

  private fail(error: string): void {
    if (error !== this.lastError) {
      this.log.error("discovery file rejected; keeping the previous services", { error });
    }
    this.lastError = error;
  }
}
