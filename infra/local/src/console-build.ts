import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The console is served from services/web/dist; a fresh clone builds it once (about 20 s). */
export async function buildConsoleIfMissing(root: string): Promise<void> {
  if (existsSync(join(root, "services/web/dist/index.html"))) return;
  console.log("building the web console (first start only)…");
  const r = spawnSync("npm", ["run", "build", "-w", "@trellis/web"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0)
    throw new Error("building the web console failed; run `npm run build -w @trellis/web` to see why");
}
