import { relativeImportsLeavingPackage } from "./relative-imports.ts";

// `npm run lint` runs Biome (package-name boundaries, biome.json) and then this: the
// boundaries Biome cannot see. Exits 1 with one line per violation.
const root = process.argv[2] ?? process.cwd();
const violations = relativeImportsLeavingPackage(root);
for (const v of violations) console.error(`${v.file}:${v.line}: "${v.specifier}" ${v.message}`);
if (violations.length > 0) {
  console.error(`\n${violations.length} import(s) cross a package boundary (README "Boundaries").`);
  process.exit(1);
}
console.log("boundaries: no relative import leaves its package");
