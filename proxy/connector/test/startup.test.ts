import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { writeFileAtomic } from "@trellis/proxy-core/atomic-file";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { stateFiles } from "../src/index.ts";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { FakeProxy } from "./fake-proxy.ts";
import { Harness } from "./harness.ts";

const h = new Harness();
afterEach(() => h.cleanup());

async function dirs() {
  const stateDir = await h.tempDir();
  const file = join(await h.tempDir(), "services.yaml");
  await writeFile(file, "services: []\n");
  // Nothing listens here: these tests run with the control plane unreachable.
  return { stateDir, discovery: `file:${file}`, controlPlane: "http://127.0.0.1:1" };
}

describe("startup", () => {
  it("refuses to start with neither a stored credential nor a join token", async () => {
    const c = h.connector(await dirs());
    await expect(c.start()).rejects.toThrow(/no cluster credential .* and no --join-token/);
  });

  it("joins with a token read from --join-token-file, and names an empty or missing file", async () => {
    const cp = await FakeControlPlane.start({ joinTokens: ["jt-from-file"] });
    h.defer(() => cp.stop());
    const args = { ...(await dirs()), controlPlane: cp.url };
    const tokenFile = join(await h.tempDir(), "join-token");
    await writeFile(tokenFile, "jt-from-file\n");
    const c = h.connector({ ...args, extra: ["--join-token-file", tokenFile] });
    await c.start();
    await waitFor(() => c.status().state === "connected", { what: "joined with the file's token" });
    await writeFile(tokenFile, "  \n");
    const empty = h.connector({ ...(await dirs()), extra: ["--join-token-file", tokenFile] });
    await expect(empty.start()).rejects.toThrow(/join token file .* is empty/);
    const missing = h.connector({ ...(await dirs()), extra: ["--join-token-file", join(tokenFile, "nope")] });
    await expect(missing.start()).rejects.toThrow(/cannot read the join token file/);
  });

  it("ignores a corrupt last-known-good file, says so, and is not ready", async () => {
    const args = await dirs();
    await writeFile(join(args.stateDir, stateFiles.snapshot), '{"schema":"trellis.config/v1","version":3}');
    const c = h.connector({ ...args, joinToken: "jt", admin: true });
    await c.start();
    expect(c.status().snapshot).toBeNull();
    expect(c.logs.lines.some((l) => l.level === "error" && /last-known-good/.test(l.msg))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${c.status().addresses.adminPort}/ready`)).status).toBe(503);
  });

  it("removes temp files left by a crash mid-write", async () => {
    const args = await dirs();
    await mkdir(args.stateDir, { recursive: true });
    await writeFile(join(args.stateDir, ".tmp-snapshot.json.123.abcd"), "half a snapsh");
    await writeFileAtomic(join(args.stateDir, "other.json"), "{}");
    const c = h.connector({ ...args, joinToken: "jt" });
    await c.start();
    expect((await readdir(args.stateDir)).sort()).toEqual(["other.json"]);
  });

  it("a proxy stream that does not open with ProxyHello is refused", async () => {
    const c = h.connector({ ...(await dirs()), joinToken: "jt" });
    await c.start();
    const p = new FakeProxy(c.status().addresses.proxyPort!, { proxyId: "" });
    h.defer(() => p.close());
    const status = await new Promise<grpc.StatusObject>((resolve) => p.call.on("status", resolve));
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(c.status().proxies).toHaveLength(0);
    await waitFor(() => p.ended);
  });
});
