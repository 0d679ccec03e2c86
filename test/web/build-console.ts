import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "../support/wait-for.ts";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const webDir = join(repoRoot, "services/web");
export const webDist = join(webDir, "dist");

/** Sources the bundle is made of: the console, and the SDK and protocol it bundles. */
const sources = [
  join(webDir, "src"),
  join(webDir, "index.html"),
  join(webDir, "vite.config.ts"),
  join(repoRoot, "sdk/client/src"),
  join(repoRoot, "sdk/protocol/src"),
];

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "generated") continue;
    newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  }
  return newest;
}

/**
 * Builds services/web once when dist is missing or older than its sources. Test files run
 * in parallel workers, so a lock directory makes the others wait for the one that builds.
 */
export async function ensureConsoleBuilt(): Promise<string> {
  const lock = join(repoRoot, "services/web/.build-lock");
  await waitFor(
    () => {
      try {
        mkdirSync(lock);
        return true;
      } catch {
        // A lock older than 3 minutes belongs to a crashed run.
        if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 180_000) rmdirSync(lock);
        return false;
      }
    },
    { timeoutMs: 200_000, intervalMs: 250, what: "the console build lock" },
  );
  try {
    const built = join(webDist, "index.html");
    const stale = !existsSync(built) || statSync(built).mtimeMs < Math.max(...sources.map(newestMtimeMs));
    if (stale) {
      const r = spawnSync("npm", ["run", "build", "--workspace", "@trellis/web"], {
        cwd: repoRoot,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
      if (r.status !== 0) throw new Error(`building the console failed:\n${r.stdout}\n${r.stderr}`);
    }
    return webDist;
  } finally {
    rmdirSync(lock);
  }
}
