#!/usr/bin/env node
// trellis-connector: the bundled program (dist/, made by `npm run build` or the root
// postinstall of `npm ci`). No TypeScript loader at run time.
try {
  await import("../dist/trellis-connector.mjs");
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.message).includes("trellis-connector.mjs"))
    throw err;
  process.stderr.write(
    "trellis-connector: dist/trellis-connector.mjs is missing; run `npm run build` first\n",
  );
  process.exit(1);
}
