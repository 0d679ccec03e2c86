#!/usr/bin/env node
// `tsc-native`, every package's `typecheck`: the native TypeScript 7 compiler, which checks this
// repo with about 2.5× less CPU than tsc 5.9 — the largest step of `npm test` before the
// tests. It is this workspace's own dependency, so the repo's `typescript` (and its `tsc`)
// stays 5.9 for the tools that use its JavaScript API (openapi-typescript, the boundaries
// lint), which 7 does not offer.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const manifest = require.resolve("typescript/package.json");
const { version, bin } = require(manifest);
if (!version.startsWith("7.")) {
  console.error(`tsc-native: expected TypeScript 7 beside ${import.meta.url}, found ${version}; run npm ci`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [join(dirname(manifest), bin.tsc), ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
