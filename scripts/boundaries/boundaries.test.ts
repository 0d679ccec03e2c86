import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relativeImportsLeavingPackage } from "./relative-imports.ts";

// Each boundary rule fires on its fixture and stays quiet on clean code. The fixtures are a
// miniature repo (fixtures/: same package folders, one file per rule, first line
// `// expect: noRestrictedImports | relative | clean`); the repo's own biome.json is run on
// a copy of it, the relative-import checker on it in place.
const repo = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

type Expectation = "noRestrictedImports" | "relative" | "clean";

function fixtureFiles(dir = fixtures): { file: string; expect: Expectation }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return fixtureFiles(path);
    if (!d.name.endsWith(".ts")) return [];
    const first = readFileSync(path, "utf8").split("\n")[0] ?? "";
    const expect = /^\/\/ expect: (noRestrictedImports|relative|clean)$/.exec(first)?.[1] as Expectation;
    if (!expect) throw new Error(`${path}: the first line must say // expect: …`);
    return [{ file: relative(fixtures, path), expect }];
  });
}

const files = fixtureFiles();
const expecting = (e: Expectation) => files.filter((f) => f.expect === e).map((f) => f.file);
let work: string;
const biomeHits = new Map<string, string[]>();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "trellis-boundaries-"));
  cpSync(fixtures, work, { recursive: true });
  const config = JSON.parse(readFileSync(join(repo, "biome.json"), "utf8"));
  delete config.$schema;
  config.vcs = { enabled: false };
  config.files.includes = config.files.includes.filter((i: string) => !i.includes("boundaries/fixtures"));
  writeFileSync(join(work, "biome.json"), JSON.stringify(config));
  const biome = spawnSync(
    join(repo, "node_modules/.bin/biome"),
    ["lint", "--reporter=json", "--max-diagnostics=none", "."],
    { cwd: work, encoding: "utf8" },
  );
  const report = JSON.parse(biome.stdout) as {
    diagnostics: { category: string; location: { path?: string } | null }[];
  };
  for (const d of report.diagnostics) {
    const path = d.location?.path;
    if (!path) continue;
    biomeHits.set(path, [...(biomeHits.get(path) ?? []), d.category]);
  }
});
afterAll(() => work && rmSync(work, { recursive: true, force: true }));

describe("package-name boundaries (biome.json noRestrictedImports)", () => {
  it.each(expecting("noRestrictedImports"))("%s is refused", (file) => {
    expect(biomeHits.get(file)).toContain("lint/style/noRestrictedImports");
  });

  it("raises nothing else on the fixtures", () => {
    const others = [...biomeHits].filter(([file, categories]) =>
      categories.some((c) => c !== "lint/style/noRestrictedImports" || !file.includes("violates-")),
    );
    expect(others).toEqual([]);
  });
});

describe("relative imports leaving their package (check-boundaries.ts)", () => {
  const reported = relativeImportsLeavingPackage(fixtures).map((v) => v.file);

  it.each(expecting("relative"))("%s is refused", (file) => {
    expect(reported).toContain(file);
  });

  it("reports nothing else on the fixtures", () => {
    expect(reported.filter((f) => !expecting("relative").includes(f))).toEqual([]);
  });

  it("holds in the repo itself", () => {
    expect(relativeImportsLeavingPackage(repo)).toEqual([]);
  });
});

describe("clean fixtures", () => {
  it.each(expecting("clean"))("%s passes", (file) => {
    expect(biomeHits.get(file)).toBeUndefined();
  });
});
