#!/usr/bin/env node
// trellis-control-plane: the bundled program (dist/, made by `npm run build` or the root
// postinstall of `npm ci`), with no TypeScript loader at run time; the TypeScript sources
// through tsx when it has not been built (a checkout without `npm ci`).
try {
  await import("../dist/trellis-control-plane.mjs");
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.message).includes("trellis-control-plane.mjs"))
    throw err;
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/main.ts");
}
