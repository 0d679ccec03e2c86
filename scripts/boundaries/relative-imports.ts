import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import ts from "typescript";

/** An import that breaks a boundary: where it is, what it names, and why it is refused. */
export interface Violation {
  file: string;
  line: number;
  specifier: string;
  message: string;
}

const sourceExt = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const skippedDirs = new Set(["node_modules", "dist", ".trellis", "test-artifacts", ".turbo"]);

/** The workspace packages of the repo at `root`: each `workspaces` entry (`dir` or `dir/*`) with a package.json. */
export function workspacePackages(root: string): string[] {
  const { workspaces = [] } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    workspaces?: string[];
  };
  const dirs = workspaces.flatMap((w) => {
    if (!w.endsWith("/*")) return [w];
    const parent = join(root, w.slice(0, -2));
    return readdirSync(parent, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(w.slice(0, -2), d.name));
  });
  return dirs.filter((d) => statSync(join(root, d, "package.json"), { throwIfNoEntry: false })?.isFile());
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.isDirectory()) return skippedDirs.has(d.name) ? [] : sourceFiles(join(dir, d.name));
    return sourceExt.test(d.name) ? [join(dir, d.name)] : [];
  });
}

/**
 * Every relative (or absolute) import that resolves outside the package it is written in.
 * Biome's noRestrictedImports matches specifiers, not where they resolve, so this rule is
 * checked here: another package is reached by its name and its `exports`, never by path.
 */
export function relativeImportsLeavingPackage(root: string): Violation[] {
  const out: Violation[] = [];
  for (const pkg of workspacePackages(root)) {
    const pkgDir = resolve(root, pkg);
    for (const file of sourceFiles(pkgDir)) {
      const text = readFileSync(file, "utf8");
      // preProcessFile finds static and dynamic imports, re-exports and require() calls.
      for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
        const spec = ref.fileName;
        if (!spec.startsWith(".") && !isAbsolute(spec)) continue;
        const target = resolve(dirname(file), spec);
        const rel = relative(pkgDir, target);
        if (!rel.startsWith("..") && !isAbsolute(rel)) continue;
        out.push({
          file: relative(root, file),
          line: text.slice(0, ref.pos).split("\n").length,
          specifier: spec,
          message: `leaves ${pkg}: import ${relative(root, target)} through its package name and exports`,
        });
      }
    }
  }
  return out;
}
