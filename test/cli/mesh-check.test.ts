import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPortUrl } from "../sdk/fixtures.ts";
import { runCli, tempDir } from "./run-cli.ts";

let cp: TestControlPlane;
let env: Record<string, string>;
let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  cp = await startTestControlPlane();
  const session = new TrellisClient({ baseUrl: cp.url });
  await session.auth.signup({
    email: `cli-mesh-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    orgName: "Mesh Org",
  });
  const token = (await session.tokens.create({ name: "cli", role: "owner" })).token;
  dir = await tempDir("trellis-cli-mesh-");
  env = { TRELLIS_CONFIG_DIR: dir.path, TRELLIS_URL: cp.url, TRELLIS_TOKEN: token };
});
afterAll(async () => {
  await cp?.stop();
  await dir?.remove();
});

describe("trellis mesh / cluster / check / sync", () => {
  it("mesh create, list -o json, get; a duplicate exits 1 with the server's reason", async () => {
    expect((await runCli(["mesh", "create", "staging", "--description", "pre-prod"], { env })).code).toBe(0);
    const list = await runCli(["mesh", "list", "-o", "json"], { env });
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: "staging", description: "pre-prod" }),
    ]);
    const dup = await runCli(["mesh", "create", "staging"], { env });
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/error: .*staging/);
  });

  it("check passes on a mesh without clusters, and sync --wait returns at once", async () => {
    const r = await runCli(["check"], { env });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(`✔ control plane is reachable at ${cp.url}`);
    expect(r.stdout).toContain("‼ has clusters");
    expect(r.stdout).toContain("Status check results are ✔");
    const s = await runCli(["sync", "--wait", "--timeout", "20s"], { env });
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain("mesh staging is in sync");
  });

  it("cluster add prints the connector command with the join token and the tunnel URL", async () => {
    const r = await runCli(
      [
        "cluster",
        "add",
        "east",
        "--mesh",
        "staging",
        "--tunnel-url",
        "https://tunnel.example:8443",
        "-o",
        "json",
      ],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.command).toContain("trellis-connector");
    expect(out.command).toContain("--control-plane https://tunnel.example:8443");
    expect(out.command).toContain(`--join-token ${out.joinToken.token}`);
    const manifest = await runCli(["cluster", "add", "west", "--mesh", "staging", "-o", "manifest"], { env });
    expect(manifest.code).toBe(3);
    expect(manifest.stderr).toContain("not available yet");
    const list = await runCli(["cluster", "list", "--mesh", "staging"], { env });
    expect(list.stdout).toMatch(/^NAME\s+CONNECTED.*\neast\s+no\s+/);
  });

  it("check fails while the cluster's connector is not connected, naming it and the next step", async () => {
    const r = await runCli(["check", "-o", "json"], { env });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.checks).toContainEqual(
      expect.objectContaining({
        check: "cluster east: connector is connected",
        status: "fail",
        hint: expect.stringContaining("trellis cluster join east --mesh staging"),
      }),
    );
    const wait = await runCli(["sync", "--wait", "--timeout", "1s"], { env });
    expect(wait.code).toBe(1);
    expect(wait.stderr).toContain("cluster east: connector disconnected");
  });

  it("check fails with a useful message when the control plane is down", async () => {
    const url = await closedPortUrl();
    const r = await runCli(["check"], { env: { ...env, TRELLIS_URL: url } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✖ control plane is reachable at ${url}`);
    expect(r.stdout).toContain("ECONNREFUSED");
    expect(r.stdout).toContain("hint: is the control plane running?");
    expect(r.stdout).toContain("Status check results are ✖");
  });

  it("another command against a down control plane exits 1 with a hint", async () => {
    const r = await runCli(["mesh", "list"], { env: { ...env, TRELLIS_URL: await closedPortUrl() } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("could not reach the Trellis API");
    expect(r.stderr).toContain("hint: is the control plane up?");
  });
});
