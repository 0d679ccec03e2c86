import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** What a running `npm start` with the demo leaves in the data folder, so a second one can join it. */
export interface LauncherLock {
  pid: number;
  api: number;
  tunnel: number;
}

export const lockFile = (dataDir: string) => join(dataDir, "demo", "launcher.json");

export function writeLock(dataDir: string, lock: LauncherLock): void {
  mkdirSync(dirname(lockFile(dataDir)), { recursive: true });
  writeFileSync(lockFile(dataDir), JSON.stringify(lock));
}

export function removeLock(dataDir: string): void {
  rmSync(lockFile(dataDir), { force: true });
}

/** The demo launcher running on this data folder, or null when there is none (or it died). */
export function runningDemo(dataDir: string): LauncherLock | null {
  if (!existsSync(lockFile(dataDir))) return null;
  try {
    const lock = JSON.parse(readFileSync(lockFile(dataDir), "utf8")) as LauncherLock;
    process.kill(lock.pid, 0);
    return lock;
  } catch {
    return null;
  }
}
