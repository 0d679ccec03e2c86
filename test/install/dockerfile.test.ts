import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// No Docker engine runs here, so the image build is checked where it breaks first: npm ci
// in the deps stage needs every workspace's package.json, and the bins it runs must exist.
const repo = join(import.meta.dirname, "../..");
const dockerfile = readFileSync(join(repo, "infra/images/Dockerfile"), "utf8");
const instructions = dockerfile.split("\n").filter((line) => line && !line.startsWith("#"));

function workspaces(): string[] {
  const patterns = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { workspaces: string[] })
    .workspaces;
  return patterns
    .flatMap((p) =>
      p.endsWith("/*")
        ? readdirSync(join(repo, p.slice(0, -2)), { withFileTypes: true })
            .filter((d) => d.isDirectory() && d.name !== "node_modules")
            .map((d) => `${p.slice(0, -2)}/${d.name}`)
        : [p],
    )
    .filter((dir) => {
      try {
        readFileSync(join(repo, dir, "package.json"));
        return true;
      } catch {
        return false;
      }
    })
    .sort();
}

describe("infra/images/Dockerfile", () => {
  const depsStage = instructions.slice(
    0,
    instructions.findIndex((l) => l.startsWith("FROM deps AS build")),
  );

  it("copies every workspace's package.json before npm ci, and no other", () => {
    const copied = depsStage
      .map((l) => /^COPY (\S+)\/package\.json \1\/$/.exec(l)?.[1])
      .filter((d): d is string => d !== undefined)
      .sort();
    expect(copied).toEqual(workspaces());
  });

  it("installs without the postinstall (its sources are not there yet) and runs it after the copy", () => {
    expect(depsStage.find((l) => l.startsWith("RUN npm ci"))).toMatch(/--ignore-scripts/);
    const build = instructions.find((l) => l.startsWith("RUN ") && l.includes("bundle.mjs"));
    expect(build).toBeDefined();
    // What the root postinstall does, in the same order.
    const postinstall = (
      JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts.postinstall!;
    expect(build).toContain(postinstall);
    expect(instructions.indexOf(build!)).toBeGreaterThan(instructions.indexOf("COPY . ."));
  });

  it("every entrypoint is a bin that exists in the repo", () => {
    const entrypoints = instructions
      .filter((l) => l.startsWith("ENTRYPOINT"))
      .map((l) => (JSON.parse(l.slice("ENTRYPOINT".length)) as string[])[1]!);
    expect(entrypoints).toHaveLength(4);
    for (const bin of entrypoints) expect(() => readFileSync(join(repo, bin)), bin).not.toThrow();
  });
});
