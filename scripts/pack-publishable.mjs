#!/usr/bin/env node
// Packs a workspace package as it would be published: compiles src/ to dist/ (JavaScript and
// .d.ts, tsconfig.build.json), then packs a staging copy whose package.json points `exports`
// at dist/ (the package's `publishConfig.exports`: npm itself does not apply it) and drops
// what only the workspace uses (scripts, private). Prints the tarball's path.
//   node scripts/pack-publishable.mjs sdk/client <out-dir>
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [pkgArg, outArg] = process.argv.slice(2);
if (!pkgArg || !outArg) {
  console.error("usage: node scripts/pack-publishable.mjs <package-dir> <out-dir>");
  process.exit(2);
}
const root = resolve(import.meta.dirname, "..");
const pkgDir = resolve(root, pkgArg);
const outDir = resolve(outArg);
const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
if (!manifest.publishConfig?.exports) throw new Error(`${pkgArg}: no publishConfig.exports to publish with`);

rmSync(join(pkgDir, "dist"), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", join(pkgDir, "tsconfig.build.json")],
  {
    stdio: "inherit",
  },
);

const stage = mkdtempSync(join(tmpdir(), "trellis-pack-"));
try {
  for (const entry of manifest.files ?? ["dist"])
    if (existsSync(join(pkgDir, entry))) cpSync(join(pkgDir, entry), join(stage, entry), { recursive: true });
  const {
    private: _private,
    scripts: _scripts,
    devDependencies: _dev,
    publishConfig,
    ...published
  } = manifest;
  const { exports, ...restConfig } = publishConfig;
  writeFileSync(
    join(stage, "package.json"),
    `${JSON.stringify({ ...published, exports, ...(Object.keys(restConfig).length ? { publishConfig: restConfig } : {}) }, null, 2)}\n`,
  );
  const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", outDir], {
    cwd: stage,
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop();
  console.log(join(outDir, name));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
