#!/usr/bin/env node
// trellis-proxy: the bundled program (dist/, made by `npm run build` or the root
// postinstall of `npm ci`). No TypeScript loader at run time.
try {
  await import("../dist/trellis-proxy.mjs");
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.message).includes("trellis-proxy.mjs")) throw err;
  process.stderr.write("trellis-proxy: dist/trellis-proxy.mjs is missing; run `npm run build` first\n");
  process.exit(1);
}
