#!/usr/bin/env node
// Bundles the bins (trellis-proxy, trellis-connector, trellis-control-plane and the `trellis`
// CLI) into ESM files with esbuild, so they start without a TypeScript loader. Run by `npm run build` (each
// package's build script names its bin) and by the root postinstall (all of them), so
// `npm ci` leaves runnable bins, and before every vitest run (vitest-bundles.mjs), so
// tests that spawn the bins run the current code. Usage: bundle.mjs [proxy|connector|cli|control-plane ...]
// (default: all).
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const proxyDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
const bins = {
  proxy: { dir: join(proxyDir, "sidecar"), entry: "src/main.ts", name: "trellis-proxy" },
  connector: { dir: join(proxyDir, "connector"), entry: "src/main.ts", name: "trellis-connector" },
  // A command line starts once per command: 0.2 s bundled against ~1.6 s of CPU through tsx.
  cli: { dir: join(proxyDir, "../sdk/cli"), entry: "src/main.ts", name: "trellis" },
  // The control plane without tsx: its loader thread alone held ~60 MB of the demo's idle RSS.
  // PGlite finds its WebAssembly beside its own module, and Stripe and the AWS SDK load
  // only when billing or ACM PCA is on: all three stay packages, resolved at run time.
  "control-plane": {
    dir: join(proxyDir, "../services/control-plane"),
    entry: "src/main.ts",
    name: "trellis-control-plane",
    external: ["@electric-sql/pglite", "stripe", "@aws-sdk/client-acm-pca"],
  },
};

/** Bundles the named bins (all when none is named); returns one line per bin. */
export async function bundleBins(names = []) {
  for (const name of names)
    if (!(name in bins)) throw new Error(`unknown bin ${name} (known: ${Object.keys(bins)})`);
  const lines = [];
  for (const name of names.length ? names : Object.keys(bins)) lines.push(await bundleOne(name, bins[name]));
  return lines;
}

async function bundleOne(name, b) {
  const started = performance.now();
  const outdir = join(b.dir, "dist");
  const outfile = join(outdir, `${b.name}.mjs`);
  // Built in memory and swapped in file by file: vitest runs in the same checkout (each
  // bundles in its global setup) must never spawn a bin while dist/ is missing or half
  // written — an empty dist/ during a 7 s build on a busy machine made bins exit 1.
  const { outputFiles } = await build({
    entryPoints: { [b.name]: join(b.dir, b.entry) },
    outdir,
    outExtension: { ".js": ".mjs" },
    // Code behind a dynamic import (the X.509 library for CSRs) goes to its own chunk,
    // parsed only when first used: a restart with a stored certificate never loads it.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    // koffi (SO_ORIGINAL_DST, @trellis/proxy-capture) loads a prebuilt native binary from its
    // own package directory: it stays a runtime dependency, imported only where traffic is captured.
    external: ["koffi", ...(b.external ?? [])],
    platform: "node",
    format: "esm",
    target: "node20",
    // CommonJS dependencies (grpc-js, protobufjs, prom-client) call require() for Node
    // built-ins; an ESM bundle has none unless we make one.
    banner: {
      js: "import { createRequire as __trellisCreateRequire } from 'node:module'; const require = __trellisCreateRequire(import.meta.url);",
    },
    // Less to parse at start; the linked source map gives stack traces their names back.
    minify: true,
    sourcemap: "linked",
    legalComments: "linked",
    logLevel: "warning",
    write: false,
  });
  const entryLast = [...outputFiles].sort((x, y) => Number(x.path === outfile) - Number(y.path === outfile));
  for (const f of entryLast) await replaceFile(f.path, f.contents);
  await pruneStale(outdir, new Set(outputFiles.map((f) => f.path)));
  const size = outputFiles.find((f) => f.path === outfile).contents.byteLength;
  return `bundled ${name}: dist/${b.name}.mjs (${(size / 1024).toFixed(0)} KiB, ${Math.round(performance.now() - started)} ms)`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of await bundleBins(process.argv.slice(2))) console.log(line);
}

/** Write-then-rename, so a reader sees the old file or the new one, never a partial one. */
async function replaceFile(path, contents) {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, contents);
  await rename(tmp, path);
}

/**
 * Chunks of an earlier build that this one no longer names (their hashes changed). A
 * process still running that build keeps the chunks it already loaded.
 */
async function pruneStale(outdir, keep) {
  const entries = await readdir(outdir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    const path = join(e.parentPath ?? e.path, e.name);
    if (e.isFile() && !keep.has(path) && !path.endsWith(".tmp")) await rm(path, { force: true });
  }
}
