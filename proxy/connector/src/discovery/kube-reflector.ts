import type { Watch } from "@kubernetes/client-node";
import { backoffDelayMs } from "@trellis/proxy-core/backoff";
import { errorText, type Logger } from "@trellis/proxy-core/logger";
import type { KubeMeta } from "./kube-mapping.ts";

type Listed<T> = { items: T[]; metadata?: { resourceVersion?: string } };

/** Watches that end sooner than this (without error) count as failures, to avoid a hot loop. */
const shortWatchMs = 1_000;

/**
 * A list-then-watch cache of one resource, as client-go's reflector: list (remember the
 * collection's resourceVersion), watch from it with bookmarks, keep the version moving
 * with every event and bookmark; a dropped watch resumes from the last version, and a
 * 410 Gone (our version was compacted away) forces a fresh list. Written on top of
 * client-node's Watch rather than its ListWatch so that bookmarks are requested and
 * errors are retried with backoff instead of stopping the informer.
 */
export class Reflector<T extends { metadata?: KubeMeta }> {
  private readonly store = new Map<string, T>();
  private resourceVersion = "";
  private stopped = false;
  private loop: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private wake: (() => void) | null = null;
  synced = false;
  lastError: string | null = null;
  readonly counters = { lists: 0, watches: 0, gone: 0 };

  constructor(
    private readonly what: string,
    private readonly path: string,
    private readonly watch: Watch,
    private readonly list: () => Promise<Listed<T>>,
    private readonly onChange: () => void,
    private readonly backoff: { baseMs: number; capMs: number },
    private readonly log: Logger,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.loop;
  }

  /** The version a resumed watch would start from ("" = must list). */
  get version(): string {
    return this.resourceVersion;
  }

  items(): T[] {
    return [...this.store.values()];
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        const startedMs = Date.now();
        const end = await this.watchOnce();
        if (this.stopped) return;
        if (end === "gone") {
          this.counters.gone++;
          this.log.info(`${this.what} watch expired (410 Gone); re-listing`);
          this.resourceVersion = "";
          continue;
        }
        if (end instanceof Error) throw end;
        failures = Date.now() - startedMs < shortWatchMs ? failures + 1 : 0;
      } catch (err) {
        failures++;
        this.lastError = errorText(err);
        this.log.warn(`${this.what} list/watch failed; retrying`, { error: this.lastError, failures });
      }
      if (failures > 0) await this.sleep(backoffDelayMs(failures, this.backoff));
    }
  }

  private async relist(): Promise<void> {
    const list = await this.list();
    this.counters.lists++;
    this.store.clear();
    for (const item of list.items) this.store.set(key(item), item);
    this.resourceVersion = list.metadata?.resourceVersion ?? "";
    this.synced = true;
    this.lastError = null;
    this.onChange();
  }

  /** One watch request; resolves when it ends: "gone", an Error, or null (closed cleanly). */
  private watchOnce(): Promise<"gone" | Error | null> {
    this.counters.watches++;
    return new Promise((resolve) => {
      let gone = false;
      const onEvent = (type: string, obj: T & { code?: number; message?: string }) => {
        if (type === "ERROR") {
          if (obj.code === 410) gone = true;
          else this.lastError = `watch error: ${obj.message ?? JSON.stringify(obj)}`;
          this.abort?.abort();
          return;
        }
        const rv = obj.metadata?.resourceVersion;
        if (rv) this.resourceVersion = rv;
        if (type === "ADDED" || type === "MODIFIED") this.store.set(key(obj), obj);
        else if (type === "DELETED") this.store.delete(key(obj));
        else return; // BOOKMARK: only the version moves.
        this.onChange();
      };
      const onDone = (err: unknown) => {
        if (gone || (err as { statusCode?: number } | null)?.statusCode === 410) return resolve("gone");
        resolve(err && !this.stopped ? (err instanceof Error ? err : new Error(errorText(err))) : null);
      };
      this.watch
        .watch(
          this.path,
          { allowWatchBookmarks: true, resourceVersion: this.resourceVersion },
          onEvent,
          onDone,
        )
        .then(
          (controller) => {
            this.abort = controller;
            if (this.stopped) controller.abort();
          },
          (err: unknown) => onDone(err),
        );
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function key(obj: { metadata?: KubeMeta }): string {
  return `${obj.metadata?.namespace ?? ""}/${obj.metadata?.name ?? ""}`;
}
