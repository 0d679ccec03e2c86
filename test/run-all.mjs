#!/usr/bin/env node
// `npm test`: every check, in the order that fails fastest — generated code, lint,
// types, then the whole vitest suite on a real PostgreSQL, then the control-plane suite
// once more on embedded PGlite so the default stays honest.
import { spawnSync } from "node:child_process";

const steps = [
  ["generated code is current", "node", ["--import", "tsx", "sdk/protocol/scripts/gen-tunnel.ts", "--check"]],
  [
    "generated code is current (terraform plugin protocol)",
    "node",
    ["--import", "tsx", "sdk/terraform-provider/scripts/gen-proto.ts", "--check"],
  ],
  ["lint (Biome and the package boundaries)", "npm", ["run", "lint"]],
  ["typecheck", "npx", ["turbo", "run", "typecheck", "--output-logs=errors-only"]],
  ["typecheck (scripts)", "npx", ["tsc-native", "-p", "scripts/tsconfig.json"]],
  ["tests (PostgreSQL)", "npx", ["vitest", "run"]],
  [
    "control-plane tests (PGlite)",
    "npx",
    ["vitest", "run", "--project", "@trellis/control-plane", "test/api"],
    { TRELLIS_TEST_DB: "pglite" },
  ],
];

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
const results = [];
for (const [name, cmd, args, extraEnv] of steps) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  results.push({ name, ok: r.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
  if (r.status !== 0) break;
}
console.log("\n=== summary ===");
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.seconds}s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 && results.length === steps.length ? 0 : 1);
