import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { prepareDir, writeFileAtomic } from "@trellis/proxy-core/atomic-file";

/**
 * The proxy's state dir: last-known-good snapshot, current key + certificate chain,
 * and the proxy id. Files are written atomically (temp file, fsync, rename, fsync of
 * the dir) with mode 0600 so a crash never leaves half a key, and a restart with the
 * connector down can serve traffic at once.
 */
export type StoredIdentity = {
  keyPem: string;
  chainPem: string[];
  trustBundle: string[];
  receivedAtMs?: number;
};
export type StoredSnapshot = { version: number; payload: string };

export class StateStore {
  private readonly writing = new Set<Promise<void>>();

  constructor(readonly dir: string) {}

  /** Resolves once the writes under way have finished (a drain waits for them). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.writing]);
  }

  async init(): Promise<void> {
    await prepareDir(this.dir);
  }

  async loadSnapshot(): Promise<StoredSnapshot | undefined> {
    const text = await this.read("snapshot.json");
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as StoredSnapshot;
      return typeof parsed.payload === "string" ? parsed : undefined;
    } catch {
      return undefined; // unreadable state is ignored, the connector sends a fresh one
    }
  }

  saveSnapshot(s: StoredSnapshot): Promise<void> {
    return this.write("snapshot.json", JSON.stringify(s));
  }

  async loadIdentity(): Promise<StoredIdentity | undefined> {
    const text = await this.read("identity.json");
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as StoredIdentity;
    } catch {
      return undefined;
    }
  }

  saveIdentity(id: StoredIdentity): Promise<void> {
    return this.write("identity.json", JSON.stringify(id));
  }

  /** The stored proxy id, or a new one (saved) when none exists. */
  async proxyId(): Promise<string> {
    const existing = (await this.read("proxy-id"))?.trim();
    if (existing) return existing;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const id = `prx_${Array.from(randomBytes(22), (b) => alphabet[b % alphabet.length]).join("")}`;
    await this.write("proxy-id", id);
    return id;
  }

  private async read(name: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.dir, name), "utf8");
    } catch {
      return undefined;
    }
  }

  private write(name: string, text: string): Promise<void> {
    const p = writeFileAtomic(join(this.dir, name), text, 0o600);
    this.writing.add(p);
    const forget = () => this.writing.delete(p);
    p.then(forget, forget);
    return p;
  }
}
