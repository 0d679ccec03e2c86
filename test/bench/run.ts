// `npm run bench`: runs every benchmark folder (test/bench/<name>/index.ts exporting `run()`),
// one after another so they do not compete for the two cores, and prints one summary table.
// `npm run bench -- proxy ca` runs only those. Never part of `npm test`.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchResult, formatTable } from "./types.ts";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const names = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, "index.ts")))
  .map((d) => d.name)
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

const results: BenchResult[] = [];
const failures: string[] = [];
for (const name of names) {
  console.log(`\n### ${name}`);
  try {
    const mod = (await import(join(here, name, "index.ts"))) as { run: () => Promise<BenchResult> };
    results.push(await mod.run());
  } catch (err) {
    failures.push(`${name}: ${(err as Error).message}`);
    console.error(`benchmark ${name} failed:`, err);
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`\n## Summary — ${new Date().toISOString().slice(0, 10)}, ${machine}\n`);
console.log(formatTable(results));
if (failures.length > 0) console.log(`\nfailed: ${failures.join("; ")}`);
const out = join(here, "../../test-artifacts");
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, "bench.json"),
  JSON.stringify({ date: new Date().toISOString(), machine, results, failures }, null, 2),
);
process.exit(failures.length > 0 ? 1 : 0);
