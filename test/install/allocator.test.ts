import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { controlPlaneAllocatorEnv } from "@trellis/local/allocator";
import { entryPoints } from "@trellis/local/commands";
import { startControlPlane } from "@trellis/local/control-plane";
import { ProcessGroup } from "@trellis/local/processes";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.ts";

// The allocator settings only work if they are in the control plane's environment when it
// starts (glibc reads them once), so both places that start it are checked: npm start's
// launcher, through a stand-in bin that prints the environment it was given, and the image.
const dir = mkdtempSync(join(tmpdir(), "trellis-allocator-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function envOfControlPlane(extra: Record<string, string>): Promise<Record<string, string>> {
  const root = join(dir, `root-${Object.keys(extra).length}`);
  const bin = join(root, entryPoints.controlPlane);
  mkdirSync(dirname(bin), { recursive: true });
  writeFileSync(bin, "process.stdout.write(JSON.stringify(process.env));\n");
  const group = new ProcessGroup(join(root, "logs"), () => {});
  const saved = { ...process.env };
  Object.assign(process.env, extra);
  try {
    const plan = { api: 1, tunnel: 2, connector: 3, connectorAdmin: 4, workloadBase: 5 };
    const child = startControlPlane(group, root, plan, join(root, "data"));
    await new Promise((resolve) => child.once("close", resolve));
  } finally {
    for (const k of Object.keys(extra))
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  }
  // The log file is written from the child's stdout pipe, which may trail its exit.
  return waitFor(
    () => JSON.parse(readFileSync(group.logFile("control-plane"), "utf8")) as Record<string, string>,
    { what: "the stand-in control plane's environment in its log" },
  );
}

describe("the control plane's allocator settings", () => {
  it("npm start gives them to the control plane, and a value the user set wins", async () => {
    const env = await envOfControlPlane({});
    for (const [k, v] of Object.entries(controlPlaneAllocatorEnv)) expect(env[k], k).toBe(v);
    const own = await envOfControlPlane({ MALLOC_ARENA_MAX: "4" });
    expect(own.MALLOC_ARENA_MAX).toBe("4");
  });

  it("the control-plane image sets the same", () => {
    const dockerfile = readFileSync(join(import.meta.dirname, "../../infra/images/Dockerfile"), "utf8");
    const stage = dockerfile.slice(dockerfile.indexOf("FROM runtime AS control-plane"));
    const env = stage.slice(0, stage.indexOf("\nFROM ")).match(/^ENV (.*)$/m)?.[1] ?? "";
    const set = Object.fromEntries(env.split(/\s+/).map((kv) => kv.split("=") as [string, string]));
    expect(set).toEqual(controlPlaneAllocatorEnv);
  });
});
