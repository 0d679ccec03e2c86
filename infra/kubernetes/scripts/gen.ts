// Writes the Helm chart (chart/) and the kustomize base (base/, components/) from
// @trellis/protocol/install; `--check` fails when a committed file differs, so a schema
// change in @trellis/protocol cannot ship with stale CRDs.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { renderHelmChart, renderKustomize } from "@trellis/protocol/install";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const generatedDirs = ["chart", "base", "components"];

export function expectedFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(renderHelmChart())) files[`chart/${path}`] = text;
  for (const [path, text] of Object.entries(renderKustomize())) files[path] = text;
  return files;
}

export function committedFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, "utf8");
    }
  };
  for (const dir of generatedDirs) {
    try {
      walk(join(root, dir));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  return files;
}

/** Paths that differ between what is committed and what the sources render. */
export function staleFiles(): string[] {
  const want = expectedFiles();
  const have = committedFiles();
  return [...new Set([...Object.keys(want), ...Object.keys(have)])].filter((p) => want[p] !== have[p]).sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const stale = staleFiles();
    if (stale.length > 0) {
      console.error(
        `stale generated files (run npm run gen -w @trellis/kubernetes):\n  ${stale.join("\n  ")}`,
      );
      process.exit(1);
    }
  } else {
    for (const dir of generatedDirs) rmSync(join(root, dir), { recursive: true, force: true });
    for (const [path, text] of Object.entries(expectedFiles())) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  }
}
