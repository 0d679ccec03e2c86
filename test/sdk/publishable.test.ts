import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../web/build-console.ts";

// @trellis/sdk and @trellis/protocol as a customer gets them: packed as they would be
// published (scripts/pack-publishable.mjs: dist/ JavaScript and .d.ts), installed with npm
// into a project outside this repository, then type-checked and run there.
const exec = promisify(execFile);
const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
let project: string;
let packs: string;
let cp: TestControlPlane;

beforeAll(async () => {
  packs = await mkdtemp(join(tmpdir(), "trellis-packs-"));
  project = await mkdtemp(join(tmpdir(), "trellis-consumer-"));
  const pack = async (pkg: string) =>
    (
      await exec(process.execPath, [join(repoRoot, "scripts/pack-publishable.mjs"), pkg, packs])
    ).stdout.trim();
  const tarballs = [await pack("sdk/protocol"), await pack("sdk/client")];
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  // The registry is only asked for what the npm cache lacks (zod, grpc-js: the protocol's dependencies).
  await exec("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs], {
    cwd: project,
  });
  await writeFile(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        lib: ["ES2023", "DOM"],
        types: ["node"],
      },
      include: ["*.ts"],
    }),
  );
  cp = await startTestControlPlane();
}, 600_000);

afterAll(async () => {
  await cp?.stop();
  await rm(project, { recursive: true, force: true });
  await rm(packs, { recursive: true, force: true });
});

/**
 * Type-checks the project with exactly `files` in it (one compiler run: with libraries
 * checked, each run costs tens of seconds on a busy machine); the diagnostics by file.
 */
async function typecheck(files: Record<string, string>): Promise<Record<string, string>> {
  for (const f of await readdir(project)) if (f.endsWith(".ts")) await rm(join(project, f));
  for (const [file, source] of Object.entries(files)) await writeFile(join(project, file), source);
  const output = await exec(process.execPath, [tsc, "-p", project]).then(
    () => "",
    (err: { stdout: string }) => err.stdout,
  );
  const byFile: Record<string, string> = {};
  let file = "(no file)";
  for (const line of output.split("\n")) {
    // A diagnostic starts `path/file(line,col): error …`, its continuation lines follow
    // (the path relative to the test's working directory: keep the file's own name).
    file = /^(?:[^(\s]*\/)?([^/(\s]+)\(\d+,\d+\)/.exec(line)?.[1] ?? file;
    byFile[file] = `${byFile[file] ?? ""}${line}\n`;
  }
  return byFile;
}

describe("the published packages, installed outside the repository", { timeout: 120_000 }, () => {
  it("ship JavaScript and declarations only, with exports that point at them", async () => {
    for (const pkg of ["sdk", "protocol"]) {
      const dir = join(project, "node_modules/@trellis", pkg);
      const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
      expect(manifest.private).toBeUndefined();
      expect(JSON.stringify(manifest.exports)).not.toContain("/src/");
      const files = await readdir(join(dir, "dist"), { recursive: true });
      expect(files.some((f) => f.endsWith(".js"))).toBe(true);
      expect(files.some((f) => f.endsWith(".d.ts"))).toBe(true);
      expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    }
  });

  it("type-check a TypeScript sample against their .d.ts (strict, libraries checked too)", async () => {
    const diagnostics = await typecheck({
      "good.ts": `import type { MeshMetrics, ServiceGraph } from "@trellis/protocol/api";
import { validateResourceSpec } from "@trellis/protocol/resources";
import { type MeshResource, NotFoundError, TrellisClient } from "@trellis/sdk";

const client = new TrellisClient({ baseUrl: "http://127.0.0.1:8080", token: "trl_pat_x" });
export const routes: Promise<MeshResource[]> = client.resources("prod").listAll("HTTPRoute");
export const edges = (g: ServiceGraph) => g.edges.filter((e) => e.kind === "split").map((e) => e.weightPercent);
export const rps = (m: MeshMetrics): number => m.totals.rps;
export const ok: boolean = validateResourceSpec("HTTPRoute", "web", { parentRefs: [{ name: "web" }] }).ok;
export const notFound = NotFoundError;
`,
      // The types are real: a wrong call is a compile error, not \`any\`.
      "bad.ts": `import { TrellisClient } from "@trellis/sdk";
const client = new TrellisClient({ baseUrl: "http://127.0.0.1:8080" });
export const wrong = client.resources("prod").listAll("HTTPRoutes");
export const window = client.observability("prod").metrics({ window: "2w" });
`,
    });
    expect(
      Object.keys(diagnostics).filter((f) => f !== "bad.ts" && diagnostics[f]!.trim()),
      JSON.stringify(diagnostics),
    ).toEqual([]);
    expect(diagnostics["bad.ts"]).toContain('"HTTPRoutes"');
    expect(diagnostics["bad.ts"]).toContain('"2w"');
  }, 300_000); // one compiler run that checks every library: over a minute on 2 busy cores

  it("run a JavaScript sample against a real control plane", async () => {
    await writeFile(
      join(project, "sample.mjs"),
      `import { validateResourceSpec } from "@trellis/protocol/resources";
import { TrellisClient } from "@trellis/sdk";

const client = new TrellisClient({ baseUrl: process.env.TRELLIS_URL, retries: 0 });
await client.auth.signup({ email: "pack-" + Date.now() + "@example.com", password: "correct horse battery staple", orgName: "Packed" });
await client.meshes.create({ name: "prod" });
const spec = { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web-v1", weight: 90 }, { name: "web-v2", weight: 10 }] }] };
const valid = validateResourceSpec("HTTPRoute", "web", spec).ok;
await client.resources("prod").put("HTTPRoute", "web", spec);
const routes = (await client.resources("prod").listAll("HTTPRoute")).map((r) => r.name);
let refused = null;
try { await client.resources("prod").listAll({ kind: "HTTPRoute" }); } catch (err) { refused = err.constructor.name + ": " + err.message; }
console.log(JSON.stringify({ valid, routes, refused }));
`,
    );
    const { stdout } = await exec(process.execPath, ["sample.mjs"], {
      cwd: project,
      env: { ...process.env, TRELLIS_URL: cp.url },
    });
    expect(JSON.parse(stdout)).toEqual({
      valid: true,
      routes: ["web"],
      refused:
        'TypeError: resources.listAll: the kind is the first argument, not an option: listAll("HTTPRoute")',
    });
  });
});
