import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

// Golden files pin the exact snapshot (key order included: compact JSON is compared, so
// the formatter may lay the files out as it likes); `UPDATE_GOLDEN=1` rewrites them after
// an intended change (review the diff).
const goldenDir = fileURLToPath(new URL("../../test/golden/", import.meta.url));

/** Compares `value` with `test/golden/<name>.json`, or rewrites it under UPDATE_GOLDEN=1. */
export function golden(name: string, value: unknown): void {
  const file = join(goldenDir, `${name}.json`);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  }
  if (!existsSync(file)) throw new Error(`missing golden file ${file}; run with UPDATE_GOLDEN=1`);
  expect(JSON.stringify(value)).toBe(JSON.stringify(JSON.parse(readFileSync(file, "utf8"))));
}
