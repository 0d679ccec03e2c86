import { run } from "@trellis/cli/cli";
import type { Terminal } from "@trellis/cli/terminal";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
// Core's metric-ingest verb, called directly: the rollups are then exactly
// what a connector's MetricBatch would have produced, without a connector.
import { ingestMetricBatch } from "@trellis/core/metrics";
import { loadTunnelCluster } from "@trellis/core/tunnel-auth";
import { latencyBucketBoundsMs, type MetricBatch, timestampFromMs } from "@trellis/protocol/tunnel";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.ts";
import { runCli, tempDir } from "./run-cli.ts";

let cp: TestControlPlane;
let env: Record<string, string>;
let dir: { path: string; remove(): Promise<void> };

/** `count` requests, all in the latency bucket whose upper bound is `boundMs`. */
const buckets = (boundMs: number, count: number) => {
  const b = new Array<number>(latencyBucketBoundsMs.length + 1).fill(0);
  b[latencyBucketBoundsMs.indexOf(boundMs as never)] = count;
  return b;
};
const edge = (
  src: string,
  dst: string,
  route: string,
  requests: number,
  successes: number,
  boundMs: number,
) => ({
  sourceNamespace: "shop",
  sourceService: src,
  destinationNamespace: "shop",
  destinationService: dst,
  route,
  requests,
  successes,
  retries: 0,
  latencyBuckets: buckets(boundMs, requests),
});

/**
 * The control plane's clock stands still 30 s into a minute, and the traffic is two minutes
 * older: rates are over the 150 s the mesh was observed (first traffic → now), exactly.
 */
const nowMs = Math.floor(Date.now() / 60_000) * 60_000 + 30_000;

beforeAll(async () => {
  cp = await startTestControlPlane({ clock: { now: () => new Date(nowMs) } });
  const session = new TrellisClient({ baseUrl: cp.url });
  await session.auth.signup({
    email: `cli-stat-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    orgName: "Stat Org",
  });
  const token = (await session.tokens.create({ name: "cli", role: "owner" })).token;
  const owner = new TrellisClient({ baseUrl: cp.url, token });
  await owner.meshes.create({ name: "obs" });
  const { cluster } = await owner.clusters("obs").create("east");
  const tunnelCluster = await loadTunnelCluster(cp.cp.ctx.db, cluster.id);
  // Two minutes before the clock's minute (the 5m window includes it): web → api on two
  // routes, 90 % ok, half at ≤ 1 ms and half in (75, 100] ms; api → db, all ok at ≤ 5 ms.
  const batch = {
    windowStart: timestampFromMs(nowMs - 150_000),
    window: { seconds: 10, nanos: 0 },
    edges: [
      edge("web", "api", "list", 300, 270, 1),
      edge("web", "api", "get", 300, 270, 100),
      edge("api", "db", "", 1200, 1200, 5),
    ],
  } as unknown as MetricBatch;
  await ingestMetricBatch(cp.cp.ctx, tunnelCluster!, batch);
  dir = await tempDir("trellis-cli-stat-");
  env = { TRELLIS_CONFIG_DIR: dir.path, TRELLIS_URL: cp.url, TRELLIS_TOKEN: token, TRELLIS_MESH: "obs" };
});
afterAll(async () => {
  await cp?.stop();
  await dir?.remove();
});

/** Splits a table row into its cells (columns are separated by 2+ spaces). */
const cells = (line: string) => line.trim().split(/\s{2,}/);

describe("trellis stat", () => {
  it("prints RPS, success rate and p50/p95/p99 of the service, then per calling service", async () => {
    const r = await runCli(["stat", "api", "--window", "5m"], { env });
    expect(r.code, r.stderr).toBe(0);
    const [header, total, fromWeb, ...rest] = r.stdout.trimEnd().split("\n");
    expect(cells(header!)).toEqual([
      "NAME",
      "FROM",
      "ROUTES",
      "SUCCESS",
      "RPS",
      "LATENCY_P50",
      "LATENCY_P95",
      "LATENCY_P99",
    ]);
    // 600 requests over 150 s; p50 = rank 300 of 600 in [0, 1]; p99 = 75 + 25 · 294/300.
    expect(cells(total!)).toEqual(["api", "*", "*", "90.00%", "4.00rps", "1ms", "97.5ms", "99.5ms"]);
    expect(cells(fromWeb!)).toEqual([
      "api",
      "shop/web",
      "get,list",
      "90.00%",
      "4.00rps",
      "1ms",
      "97.5ms",
      "99.5ms",
    ]);
    expect(rest).toEqual([]);
  });

  it("-o json gives the exact totals and edges", async () => {
    const r = await runCli(["stat", "db", "-n", "shop", "-o", "json"], { env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ mesh: "obs", service: "db", namespace: "shop", window: "5m" });
    expect(out.totals).toEqual({
      requests: 1200,
      successes: 1200,
      rps: 8,
      successRate: 1,
      latencyMsP50: 4.5,
      latencyMsP95: 4.95,
      latencyMsP99: 4.99,
      denied: {},
    });
    expect(out.edges.map((e: { source: string; routes: string[] }) => [e.source, e.routes])).toEqual([
      ["shop/api", [""]],
    ]);
  });

  it("an unknown service without traffic exits 1 saying so; a bad window is a usage error", async () => {
    const r = await runCli(["stat", "nope"], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no service nope in mesh obs, and no traffic to it in the last 5m");
    const w = await runCli(["stat", "api", "--window", "2m"], { env });
    expect(w.code).toBe(2);
    expect(w.stderr).toContain("--window must be one of 5m, 1h, 24h, 7d");
  });
});

describe("trellis top", () => {
  it("prints the services by RPS once when stdout is not a terminal", async () => {
    const r = await runCli(["top"], { env });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n").map(cells);
    expect(lines.map((l) => l[0])).toEqual(["SERVICE", "shop/db", "shop/api", "shop/web"]);
    expect(lines[1]).toEqual(["shop/db", "100.00%", "8.00rps", "4.5ms", "4.95ms", "4.99ms"]);
    expect(lines[3]).toEqual(["shop/web", "-", "-", "-", "-", "-"]);
    const j = await runCli(["top", "-o", "json"], { env });
    expect(JSON.parse(j.stdout).services.map((s: { id: string; rps: number }) => [s.id, s.rps])).toEqual([
      ["shop/db", 8],
      ["shop/api", 4],
      ["shop/web", 0],
    ]);
  });

  it("on a terminal it redraws until Ctrl-C, then exits 0", async () => {
    const frames: string[] = [];
    const interrupt = new AbortController();
    const term: Terminal = {
      out: (t) => frames.push(t),
      err: (t) => frames.push(`stderr: ${t}`),
      color: false,
      interactive: true,
      tty: true,
      env,
      interrupted: () => interrupt.signal,
    };
    const exit = run(["top", "--interval", "500ms"], term);
    await waitFor(() => frames.length >= 2, { what: "two frames", timeoutMs: 20_000 });
    interrupt.abort();
    expect(await exit).toBe(0);
    for (const f of frames) {
      expect(f.startsWith("\u001b[H\u001b[2J"), f).toBe(true);
      expect(f).toContain("trellis top — mesh obs, window 5m");
      expect(f).toMatch(/\nSERVICE .*\nshop\/db /);
    }
  });
});
