import { spawn } from "node:child_process";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
// The control plane's own simulated connector (made from @trellis/protocol only): the tap
// endpoint is fed exactly as a real connector would feed it, over the gRPC tunnel.
import { SimConnector } from "@trellis/control-plane/testing/sim-connector";
import { type TapEvent__Input, timestampFromMs } from "@trellis/protocol/tunnel";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.ts";
import { runCli, startCli, tempDir, trellisBin } from "./run-cli.ts";

let cp: TestControlPlane;
let owner: TrellisClient;
let env: Record<string, string>;
let dir: { path: string; remove(): Promise<void> };
let east: SimConnector;

beforeAll(async () => {
  cp = await startTestControlPlane();
  const session = new TrellisClient({ baseUrl: cp.url });
  await session.auth.signup({
    email: `cli-tap-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    orgName: "Tap Org",
  });
  const token = (await session.tokens.create({ name: "cli", role: "owner" })).token;
  owner = new TrellisClient({ baseUrl: cp.url, token });
  await owner.meshes.create({ name: "tapm" });
  const { joinToken } = await owner.clusters("tapm").create("east");
  east = new SimConnector(cp.tunnelTarget, { joinToken: joinToken.token });
  await east.welcome();
  east.send({
    discovery: {
      services: [{ name: "web", namespace: "shop", ports: [{ port: 80, protocol: "http" }], endpoints: [] }],
    },
  });
  await waitFor(async () => (await owner.services("tapm").listAll()).length === 1, {
    what: "web discovered",
  });
  dir = await tempDir("trellis-cli-tap-");
  env = { TRELLIS_CONFIG_DIR: dir.path, TRELLIS_URL: cp.url, TRELLIS_TOKEN: token, TRELLIS_MESH: "tapm" };
});
afterAll(async () => {
  east?.close();
  await cp?.stop();
  await dir?.remove();
});

const tapEvent = (tapId: string, n: number, over: Partial<TapEvent__Input> = {}): TapEvent__Input => ({
  tapId,
  proxyId: "prx_web0",
  at: timestampFromMs(Date.now()),
  method: "GET",
  path: `/items/${n}`,
  authority: "web.shop",
  status: 200,
  latencyMs: 3,
  clientIdentity: "spiffe://td/ns/shop/sa/client",
  serverIdentity: "spiffe://td/ns/shop/sa/web",
  headers: { authorization: "Bearer do-not-leak", "user-agent": "curl/8" },
  direction: "inbound",
  ...over,
});

/** The `n`-th StartTap the connector received (0-based), once it arrived. */
const startTap = async (n: number) =>
  (
    await waitFor(() => east.received.filter((m) => m.command?.startTap)[n], {
      what: `StartTap #${n + 1}`,
      timeoutMs: 30_000,
    })
  ).command!.startTap!;

describe("trellis tap", () => {
  it("prints req/rsp lines of live requests and ends by itself at --max", async () => {
    const cli = startCli(["tap", "web", "--path", "/items", "--max", "2"], { env });
    const start = await startTap(0);
    expect(start).toMatchObject({ service: "web", pathPrefix: "/items", maxEvents: 2 });
    await waitFor(() => cli.stderr().includes("tapping web in mesh tapm (clusters east"), {
      what: "the banner",
    });
    east.send({ tapEvent: tapEvent(start.tapId, 1) });
    east.send({
      tapEvent: tapEvent(start.tapId, 2, { status: 503, latencyMs: 0.25, direction: "outbound" }),
    });
    east.send({ tapEvent: tapEvent(start.tapId, 3) }); // past --max: never printed
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    const src = "src=spiffe://td/ns/shop/sa/client dst=spiffe://td/ns/shop/sa/web tls=true";
    expect(r.stdout.trimEnd().split("\n")).toEqual([
      `req id=1 cluster=east proxy=in ${src} :method=GET :authority=web.shop :path=/items/1`,
      `rsp id=1 cluster=east proxy=in ${src} :status=200 latency=3ms`,
      `req id=2 cluster=east proxy=out ${src} :method=GET :authority=web.shop :path=/items/2`,
      `rsp id=2 cluster=east proxy=out ${src} :status=503 latency=250µs`,
    ]);
    expect(r.stderr).toContain("tap ended: --max 2 requests reached (2 requests)");
  });

  it("-o json prints one JSON object per line, without non-allow-listed headers", async () => {
    const cli = startCli(["tap", "web", "--max", "1", "-o", "json"], { env });
    const start = await startTap(1);
    east.send({ tapEvent: tapEvent(start.tapId, 7) });
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      cluster: "east",
      path: "/items/7",
      status: 200,
      latencyMs: 3,
      headers: { "user-agent": "curl/8" },
    });
    expect(r.stdout).not.toContain("do-not-leak");
  });

  it("Ctrl-C stops cleanly: exit 0, a summary, and the connector is told to stop", async () => {
    const cli = startCli(["tap", "web"], { env });
    const start = await startTap(2);
    east.send({ tapEvent: tapEvent(start.tapId, 1) });
    await waitFor(() => cli.stdout().includes("rsp id=1"), { what: "the first event printed" });
    cli.child.kill("SIGINT");
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("tap stopped (1 requests)");
    expect(r.stderr).not.toContain("error");
    await waitFor(() => east.received.some((m) => m.command?.stopTap?.tapId === start.tapId), {
      what: "StopTap after Ctrl-C",
    });
  });

  it("piped into a reader that stops early (| head), it ends quietly: no EPIPE stack trace", async () => {
    const piped = spawn("sh", ["-c", `"${process.execPath}" "${trellisBin}" tap web --max 50 | head -n 1`], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...env },
    });
    let stdout = "";
    let stderr = "";
    piped.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    piped.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => piped.on("close", resolve));
    const start = await startTap(3);
    // head takes the first line and leaves; the lines after it meet a closed pipe.
    for (let n = 1; n <= 20; n++) east.send({ tapEvent: tapEvent(start.tapId, n) });
    expect(await exited).toBe(0);
    expect(stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/EPIPE|node:events|Unhandled/);
    // The tap ends on the server too: the connector is told to stop it.
    await waitFor(() => east.received.some((m) => m.command?.stopTap?.tapId === start.tapId), {
      what: "StopTap after the reader left",
    });
  });

  it("an unknown service exits 1 with the server's reason; a viewer exits 4", async () => {
    const r = await runCli(["tap", "nope"], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("service nope in mesh tapm");
    const viewer = (await owner.tokens.create({ name: "viewer", role: "viewer" })).token;
    const v = await runCli(["tap", "web"], { env: { ...env, TRELLIS_TOKEN: viewer } });
    expect(v.code).toBe(4);
    const bad = await runCli(["tap", "web", "--path", "items"], { env });
    expect(bad.code).toBe(2);
  });
});

describe("trellis check: certificates", () => {
  it("shows the CA section, and fails on a proxy whose certificate expired", async () => {
    const expiredAt = Date.now() - 3_600_000;
    east.send({
      proxyReport: {
        proxies: [
          {
            proxyId: "prx_web0",
            service: "web",
            namespace: "shop",
            workload: "web-0",
            identity: "spiffe://td/ns/shop/sa/web",
            proxyVersion: "0.1.0",
            appliedConfigVersion: 1,
            health: "PROXY_HEALTH_READY",
            startedAt: timestampFromMs(expiredAt - 86_400_000),
            certNotAfter: timestampFromMs(expiredAt),
          },
        ],
      },
    });
    await waitFor(async () => (await owner.proxies("tapm").listAll()).length === 1, { what: "the proxy" });
    const r = await runCli(["check", "-o", "json"], { env });
    expect(r.code).toBe(1);
    const checks = JSON.parse(r.stdout).checks as { section: string; check: string; status: string }[];
    const certs = checks.filter((c) => c.section === "certificates of mesh tapm");
    expect(certs).toEqual([
      expect.objectContaining({ check: "the mesh CA is ready", status: "ok" }),
      expect.objectContaining({ check: "the issuing certificate is valid", status: "ok" }),
      expect.objectContaining({ check: "the trust root is valid", status: "ok" }),
      expect.objectContaining({ check: "no trust-bundle rotation in progress", status: "ok" }),
      expect.objectContaining({
        check: "proxy certificates are valid (0/1)",
        status: "fail",
        detail: "east/web-0: expired 60m ago",
      }),
    ]);
    const text = await runCli(["check"], { env });
    expect(text.stdout).toContain(
      "certificates of mesh tapm\n-------------------------\n✔ the mesh CA is ready",
    );
    expect(text.stdout).toContain("✖ proxy certificates are valid (0/1)");
  });
});
