import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
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
    expect(r.stdout).toMatch(
      /certificates of mesh staging\n-+\n✔ the mesh CA is ready \(builtin, trust domain [^)]+\)\n✔ the issuing certificate is valid \(expires in \d+d/,
    );
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
    const list = await runCli(["cluster", "list", "--mesh", "staging"], { env });
    expect(list.stdout).toMatch(/^NAME\s+CONNECTED.*\neast\s+no\s+/);
  });

  it("cluster add -o manifest prints the connector's Kubernetes manifest with its join token", async () => {
    const r = await runCli(["cluster", "add", "west", "--mesh", "staging", "-o", "manifest"], {
      env: { ...env, TRELLIS_TUNNEL_URL: "https://tunnel.example:9443" },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "cluster west added to mesh staging: apply this manifest with `kubectl apply -f -`",
    );
    const docs = parseAllDocuments(r.stdout).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as { kind: string; metadata: { name: string; labels?: Record<string, string> } };
    });
    expect(docs.map((d) => d.kind)).toEqual([
      "Namespace",
      "ServiceAccount",
      "ClusterRole",
      "ClusterRoleBinding",
      "ConfigMap",
      "Secret",
      "Service",
      "StatefulSet",
    ]);
    const configMap = docs[4] as unknown as { data: Record<string, string> };
    const secret = docs[5] as unknown as { stringData: { token: string } };
    const statefulSet = docs[7] as unknown as { metadata: { labels: Record<string, string> } };
    expect(statefulSet.metadata.labels["trellis.dev/cluster"]).toBe("west");
    // The connector reads the control plane's address from the ConfigMap (TRELLIS_CONTROL_PLANE).
    expect(configMap.data.TRELLIS_CONTROL_PLANE).toBe("https://tunnel.example:9443");
    // The token in the Secret is the live one: the cluster is pending its connector.
    expect(secret.stringData.token.length).toBeGreaterThan(20);
    const west = await runCli(["cluster", "get", "west", "--mesh", "staging", "-o", "json"], { env });
    expect(JSON.parse(west.stdout)).toMatchObject({ name: "west", connected: false });
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
