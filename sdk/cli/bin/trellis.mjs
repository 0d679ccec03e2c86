#!/usr/bin/env node
// `trellis`: the bundled program (dist/, made by `npm run build` or the root postinstall of
// `npm ci`), which starts in a fraction of the time; the TypeScript sources through tsx
// when it has not been built (a checkout without `npm ci`).
try {
  await import("../dist/trellis.mjs");
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.message).includes("trellis.mjs")) throw err;
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/main.ts");
}
