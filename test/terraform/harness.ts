// Runs the real `terraform` against the provider bundled into a filesystem mirror in a
// temp dir, with its own CLI config: no registry, no network, no checkpoint calls.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { bundleProvider, mirrorPath, providerSource } from "terraform-provider-trellis/build";

/** The terraform binary, or undefined when this machine has none (the tests then skip, loudly). */
export const terraformBinary = findTerraform();

function findTerraform(): string | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter).concat("/usr/local/bin", "/usr/bin");
  return dirs.map((d) => join(d, "terraform")).find((p) => existsSync(p));
}

if (!terraformBinary)
  console.warn("\n*** terraform is not installed: the Terraform acceptance tests are SKIPPED ***\n");

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Terraform {
  dir: string;
  /** Replaces main.tf. */
  write(mainTf: string): void;
  /** Runs `terraform <args>` in the workspace; never throws on a non-zero exit. */
  run(...args: string[]): Promise<TerraformResult>;
  /** Like run, with some environment variables changed for this one run. */
  runWith(env: Record<string, string>, ...args: string[]): Promise<TerraformResult>;
  /** Like run, but throws with the output unless the exit code is one of `codes` (default 0). */
  ok(args: string[], codes?: number[]): Promise<TerraformResult>;
  cleanup(): void;
}

/** Bundles the provider into a mirror and writes a CLI config that installs from it only. */
export async function installProvider(): Promise<{ cliConfig: string; root: string }> {
  const root = mkdtempSync(join(tmpdir(), "tf-trellis-"));
  const mirror = join(root, "mirror");
  await bundleProvider(mirrorPath(mirror));
  const cliConfig = join(root, "terraformrc");
  writeFileSync(
    cliConfig,
    `disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = "${mirror}"
    include = ["${providerSource}"]
  }
  direct {
    exclude = ["${providerSource}"]
  }
}
`,
  );
  return { cliConfig, root };
}

/** Bundles the provider into a directory and writes a CLI config with `dev_overrides` for it. */
export async function devOverrideProvider(): Promise<{ cliConfig: string; root: string }> {
  const root = mkdtempSync(join(tmpdir(), "tf-trellis-dev-"));
  await bundleProvider(join(root, "dist", "terraform-provider-trellis"));
  const cliConfig = join(root, "terraformrc");
  writeFileSync(
    cliConfig,
    `disable_checkpoint = true
provider_installation {
  dev_overrides {
    "${providerSource}" = "${join(root, "dist")}"
  }
  direct {
    exclude = ["${providerSource}"]
  }
}
`,
  );
  return { cliConfig, root };
}

export function terraformWorkspace(cliConfig: string, env: Record<string, string>): Terraform {
  const dir = mkdtempSync(join(tmpdir(), "tf-work-"));
  mkdirSync(dir, { recursive: true });
  const fullEnv = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    ...env,
  };
  const runWith = (extra: Record<string, string>, ...args: string[]) =>
    new Promise<TerraformResult>((resolve) => {
      const options = { cwd: dir, env: { ...fullEnv, ...extra }, maxBuffer: 64 << 20 };
      execFile(terraformBinary!, args, options, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  const run = (...args: string[]) => runWith({}, ...args);
  return {
    dir,
    write: (mainTf) => writeFileSync(join(dir, "main.tf"), mainTf),
    run,
    runWith,
    async ok(args, codes = [0]) {
      const r = await run(...args);
      if (!codes.includes(r.code)) {
        throw new Error(
          `terraform ${args.join(" ")} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
        );
      }
      return r;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * One test step runs a few terraform commands, each starting the provider process several
 * times: generous, for shared 2-core machines under load.
 */
export const stepTimeoutMs = 300_000;

/** `terraform plan` flags for tests: no colour, no input, exit code 2 when there are changes. */
export const planArgs = ["plan", "-no-color", "-input=false", "-detailed-exitcode", "-parallelism=4"];
export const applyArgs = ["apply", "-no-color", "-input=false", "-auto-approve", "-parallelism=4"];
