import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run } from "@trellis/cli/cli";
import type { Terminal } from "@trellis/cli/terminal";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../web/connector.ts";
import { runCli, tempDir, trellisBin } from "./run-cli.ts";

// Two orgs on one control plane stand for "several control planes or orgs": each is a
// context of one config file, as kubectl keeps clusters and users. Most steps run the CLI's
// `run` in this process; what only the real bin can show (exit codes through the shell,
// completion from bash) spawns it.
let cp: TestControlPlane;
let tunnelPort: number;
let dir: { path: string; remove(): Promise<void> };
let env: Record<string, string>;
const tokens: Record<"acme" | "globex", string> = { acme: "", globex: "" };

async function org(name: "acme" | "globex", meshes: string[]) {
  const session = new TrellisClient({ baseUrl: cp.url });
  await session.auth.signup({
    email: `cli-ctx-${name}-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    orgName: name,
  });
  const token = (await session.tokens.create({ name: "cli", role: "owner" })).token;
  const client = new TrellisClient({ baseUrl: cp.url, token });
  for (const m of meshes) await client.meshes.create({ name: m, description: `${m} of ${name}` });
  return { token, client };
}

beforeAll(async () => {
  // A configured tunnel port, which `cluster add` must print (not the default 8443).
  tunnelPort = await freePort();
  cp = await startTestControlPlane({ env: { TUNNEL_PORT: String(tunnelPort) } });
  const acme = await org("acme", ["prod", "staging"]);
  const globex = await org("globex", ["lab"]);
  tokens.acme = acme.token;
  tokens.globex = globex.token;
  await acme.client.clusters("prod").create("east");
  await acme.client.resources("prod").put("HTTPRoute", "web", {
    parentRefs: [{ name: "web" }],
    rules: [
      {
        backendRefs: [
          { name: "web-v1", weight: 90 },
          { name: "web-v2", weight: 10 },
        ],
      },
    ],
  });
  dir = await tempDir("trellis-cli-ctx-");
  env = { TRELLIS_CONFIG_DIR: dir.path };
});
afterAll(async () => {
  await cp?.stop();
  await dir?.remove();
});

/** Runs `trellis <args>` in this process (the same `run` the bin calls): stdout, stderr, code. */
async function inProcess(args: string[], extraEnv: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const term: Terminal = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    color: false,
    interactive: false,
    tty: false,
    env: { ...env, ...extraEnv },
    interrupted: () => new AbortController().signal,
  };
  const code = await run(args, term);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const cli = async (...args: string[]) => {
  const r = await inProcess(args);
  expect(r.code, `trellis ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r.stdout.trimEnd();
};

describe("contexts", { timeout: 240_000 }, () => {
  it("keeps a context per org, switches between them, and lets --context pick one for a command", async () => {
    await cli("login", "--url", cp.url, "--token", tokens.acme, "--context", "acme");
    await cli("login", "--url", cp.url, "--token", tokens.globex, "--context", "globex");
    expect(await cli("context", "current")).toBe("globex");
    expect(await cli("context", "list", "-o", "name")).toBe("acme\nglobex");
    expect((await cli("context", "list")).split("\n")[2]).toMatch(/^\*\s+globex\s+http/);
    expect(await cli("mesh", "list", "-o", "name")).toBe("mesh/lab");
    expect(await cli("mesh", "list", "-o", "name", "--context", "acme")).toBe("mesh/prod\nmesh/staging");
    expect((await inProcess(["mesh", "list"], { TRELLIS_CONTEXT: "acme" })).stdout).toContain("staging");
    await cli("context", "use", "acme");
    expect(await cli("whoami")).toContain("owner in acme");
    const file = JSON.parse(await readFile(join(dir.path, "config.json"), "utf8"));
    expect(file.current).toBe("acme");
    expect(Object.keys(file.contexts)).toEqual(["acme", "globex"]);
  });

  it("a context's default mesh stands in for --mesh, and an unknown context is a precise error", async () => {
    // acme has two meshes: without a default, a mesh-scoped command must ask which.
    const ask = await inProcess(["get", "routes"]);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toContain("which mesh?");
    await cli("context", "use", "acme", "--mesh", "prod");
    expect(await cli("get", "routes", "-o", "name")).toBe("httproute/web");
    expect(await cli("context", "list")).toMatch(/\*\s+acme\s+\S+\s+prod/);
    const unknown = await inProcess(["mesh", "list", "--context", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no context "nope"');
    expect(unknown.stderr).toContain("contexts: acme, globex");
  });

  it("renames and deletes contexts; logout forgets only the current one", async () => {
    await cli("context", "rename", "globex", "lab");
    expect(await cli("context", "list", "-o", "name")).toBe("acme\nlab");
    await cli("logout");
    expect(await cli("context", "list", "-o", "name")).toBe("lab");
    expect(await cli("context", "current")).toBe("lab");
    await cli("context", "delete", "lab");
    expect(await cli("context", "list")).toContain("no contexts");
    await cli("login", "--url", cp.url, "--token", tokens.acme, "--context", "acme");
  });
});

describe("-o wide and -o name", { timeout: 240_000 }, () => {
  const acme = { TRELLIS_CONTEXT: "acme", TRELLIS_MESH: "prod" };
  it("wide adds columns to get, mesh and cluster tables; name prints kind/name lines", async () => {
    const routes = await inProcess(["get", "httproutes", "-o", "wide"], acme);
    const [header, row] = routes.stdout.trimEnd().split("\n");
    expect(header!.split(/\s{2,}/)).toEqual([
      "NAME",
      "STATUS",
      "GENERATION",
      "UPDATED",
      "ATTACHES TO",
      "BACKENDS",
    ]);
    expect(row!.split(/\s{2,}/).slice(4)).toEqual(["service/web", "web-v1=90,web-v2=10"]);
    const meshes = await inProcess(["mesh", "list", "-o", "wide"], acme);
    expect(meshes.stdout.split("\n")[0]).toMatch(/ID\s+DESCRIPTION$/);
    expect(meshes.stdout).toContain("prod of acme");
    const clusters = await inProcess(["cluster", "list", "-o", "wide"], acme);
    expect(clusters.stdout.split("\n")[0]).toMatch(/ID\s+JOINED\s+LAST NACK$/);
    expect((await inProcess(["cluster", "list", "-o", "name"], acme)).stdout).toBe("cluster/east");
    expect((await inProcess(["get", "all", "-o", "name"], acme)).stdout).toBe(
      "httproute/web\nmeshsettings/default",
    );
  });
});

describe("rough edges", { timeout: 240_000 }, () => {
  it("cluster add prints the tunnel address the control plane is configured with", async () => {
    const r = await inProcess(["cluster", "add", "west"], { TRELLIS_CONTEXT: "acme", TRELLIS_MESH: "prod" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`--control-plane http://127.0.0.1:${tunnelPort}`);
    expect(r.stderr).not.toContain("assuming");
    expect(r.stderr).toContain("node proxy/connector/bin/trellis-connector.mjs");
  });

  it("a missing file is one precise line (exit 1), not the whole usage", async () => {
    const r = await runCli(["apply", "-f", join(dir.path, "nope.yaml")], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot read");
    expect(r.stderr).toContain("no such file or directory");
    expect(r.stderr).not.toContain("Usage:");
  });
});

describe("shell completion", { timeout: 240_000 }, () => {
  it("bash: the sourced script completes commands, flags and the meshes of the control plane", async () => {
    // A `trellis` on PATH, as the script expects.
    const bin = join(dir.path, "bin");
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, "trellis"), `#!/bin/sh\nexec "${process.execPath}" "${trellisBin}" "$@"\n`);
    await chmod(join(bin, "trellis"), 0o755);
    const script = await cli("completion", "bash");
    // Asynchronously: the control plane answering the mesh completion runs in this process.
    const complete = (line: string) => {
      const words = line.split(" ");
      const run = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _trellis; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return new Promise<string[]>((resolve, reject) =>
        execFile(
          "bash",
          ["-c", run],
          {
            env: {
              PATH: `${bin}:${process.env.PATH}`,
              HOME: process.env.HOME,
              ...env,
              TRELLIS_CONTEXT: "acme",
            },
          },
          (err, stdout) => (err ? reject(err) : resolve(stdout.trim().split("\n").filter(Boolean))),
        ),
      );
    };
    expect(await complete("trellis cl")).toEqual(["cluster"]);
    expect(await complete("trellis cluster ")).toEqual(["add", "list", "get", "delete"]);
    expect(await complete("trellis get routes -o w")).toEqual(["wide"]);
    expect(await complete("trellis stat web --mesh ")).toEqual(["prod", "staging"]);
    expect(await complete("trellis context use ")).toEqual(["acme"]);
  });

  it("zsh and fish scripts are printed; an unknown shell is a usage error", async () => {
    expect(await cli("completion", "zsh")).toContain("compdef _trellis trellis");
    expect(await cli("completion", "fish")).toContain("complete -c trellis");
    const r = await inProcess(["completion", "tcsh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown shell "tcsh"');
  });
});
