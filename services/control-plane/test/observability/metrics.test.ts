import { latencyBucketBoundsMs, timestampFromMs } from "@trellis/protocol/tunnel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, type TestClient, type TestControlPlane, tokenClient } from "../harness.ts";
import type { SimConnector } from "../sim-connector.ts";
import { httpRoute } from "../tunnel/setup.ts";
import { waitFor } from "../wait-for.ts";
import { connect, type MovableClock, observabilityPlane, runWorker } from "./setup.ts";

// Two simulated connectors send MetricBatches of a known traffic pattern; the rollups,
// their percentiles (from merged histograms), the graph and the downsampled hour rows must
// give exactly the numbers the pattern implies.
let cp: TestControlPlane;
let owner: TestClient;
let clock: MovableClock;
let east: SimConnector;
let west: SimConnector;

/** `count` requests all in the bucket whose upper bound is `boundMs`. */
const buckets = (boundMs: number, count: number) => {
  const b = new Array(latencyBucketBoundsMs.length + 1).fill(0);
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
  sourceService: src,
  sourceNamespace: "shop",
  destinationService: dst,
  destinationNamespace: "shop",
  route,
  requests,
  successes,
  latencyBuckets: buckets(boundMs, requests),
});
const batch = (
  startMs: number,
  edges: (ReturnType<typeof edge> & { denied?: Record<string, number> })[],
) => ({
  metricBatch: { windowStart: timestampFromMs(startMs), window: { seconds: 10, nanos: 0 }, edges },
});

beforeAll(async () => {
  ({ cp, owner, clock } = await observabilityPlane());
  east = await connect(cp, owner, "met", "east");
  west = await connect(cp, owner, "met", "west");
  const minute = Math.floor(clock.ms / 60_000) * 60_000; // 10:00:00
  east.send(batch(minute - 60_000, [edge("api", "db", "", 600, 600, 5)]));
  east.send(
    batch(minute, [edge("web", "api", "list", 300, 270, 1), edge("web", "api", "get", 300, 270, 100)]),
  );
  west.send(
    batch(minute + 10_000, [edge("web", "api", "list", 300, 270, 1), edge("api", "db", "", 1200, 1200, 5)]),
  );
  await waitFor(
    async () => (await owner.get("/v1/meshes/met/metrics?window=5m")).body.totals.requests === 2700,
    {
      what: "all batches rolled up",
    },
  );
});
afterAll(async () => {
  east.close();
  west.close();
  await cp.stop();
});

describe("golden metrics", () => {
  it("gives exact rates, success rate and percentiles of a service from merged histograms", async () => {
    const res = await owner.get("/v1/meshes/met/metrics?service=api&window=5m");
    expect(res.status).toBe(200);
    // The mesh's first traffic is at 09:59:00 and it is 10:00:20: rates are over those 80 s,
    // not over the 5 minutes of the window.
    expect(res.body).toMatchObject({
      service: "api",
      window: "5m",
      resolutionSeconds: 60,
      observedSeconds: 80,
    });
    expect(res.body.totals).toEqual({
      requests: 900,
      successes: 810,
      rps: 11.25,
      successRate: 0.9,
      latencyMsP50: 0.75, // rank 450 of 600 in [0, 1]
      latencyMsP95: 96.25, // 75 + 25 · (855 − 600)/300
      latencyMsP99: 99.25, // 75 + 25 · (891 − 600)/300
      denied: {},
    });
    expect(
      res.body.series.map((p: { start: string; requests: number }) => [p.start.slice(11, 16), p.requests]),
    ).toEqual([
      ["09:56", 0],
      ["09:57", 0],
      ["09:58", 0],
      ["09:59", 0],
      ["10:00", 900],
    ]);
    // 10:00 is the minute in progress, 20 s old: partial, its rate over those 20 s.
    expect(res.body.series.map((p: { partial: boolean }) => p.partial)).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
    expect(res.body.series[4].rps).toBe(45);
  });

  it("draws the graph of the pattern: nodes with what they served, edges with their rates", async () => {
    const g = (await owner.get("/v1/meshes/met/graph?window=5m")).body;
    expect(
      g.nodes.map((n: { id: string; requests: number; rps: number }) => [n.id, n.requests, n.rps]),
    ).toEqual([
      ["shop/api", 900, 11.25],
      ["shop/db", 1800, 22.5],
      ["shop/web", 0, 0],
    ]);
    expect(
      g.edges.map(
        (e: { source: string; destination: string; routes: string[]; rps: number; successRate: number }) => [
          e.source,
          e.destination,
          e.routes,
          e.rps,
          e.successRate,
        ],
      ),
    ).toEqual([
      ["shop/api", "shop/db", [""], 22.5, 1],
      ["shop/web", "shop/api", ["get", "list"], 11.25, 0.9],
    ]);
    expect(g.edges[0].latencyMsP99).toBe(4.99); // 4 + 1 · 0.99
  });

  it("downsamples to hour rollups that keep the exact percentiles once minute rows expire", async () => {
    clock.advance(2 * 3_600_000);
    const pass = await runWorker(cp);
    expect(pass.downsampledHours).toContain("2026-03-02T10:00:00.000Z");
    clock.advance(25 * 3_600_000);
    expect((await runWorker(cp)).rollupsPruned).toBeGreaterThanOrEqual(4);
    expect((await owner.get("/v1/meshes/met/metrics?service=api&window=24h")).body.totals.requests).toBe(0);
    const week = (await owner.get("/v1/meshes/met/metrics?service=api&window=7d")).body;
    expect(week.resolutionSeconds).toBe(3600);
    expect(week.series).toHaveLength(168);
    expect(week.totals).toMatchObject({
      requests: 900,
      successes: 810,
      latencyMsP50: 0.75,
      latencyMsP95: 96.25,
      latencyMsP99: 99.25,
    });
    const db = (await owner.get("/v1/meshes/met/metrics?service=db&window=7d")).body;
    expect(
      db.series
        .filter((p: { requests: number }) => p.requests > 0)
        .map((p: { start: string; requests: number }) => [p.start, p.requests]),
    ).toEqual([
      ["2026-03-02T09:00:00.000Z", 600],
      ["2026-03-02T10:00:00.000Z", 1200],
    ]);
  });

  it("refuses an unknown window, lets a viewer read and answers another org 404", async () => {
    expect((await owner.get("/v1/meshes/met/metrics?window=2w")).status).toBe(422);
    const viewer = await tokenClient(owner, "viewer");
    expect((await viewer.get("/v1/meshes/met/graph")).status).toBe(200);
    const stranger = await tokenClient((await signedUpClient(cp.url, "Other")).client, "owner");
    expect((await stranger.get("/v1/meshes/met/metrics")).status).toBe(404);
    expect((await stranger.get("/v1/meshes/met/graph")).status).toBe(404);
  });

  it("exports ingestion, connected tunnels, and config push latency (commit → ACK) and NACKs", async () => {
    const put = await owner.put("/v1/meshes/met/resources/HTTPRoute/web", httpRoute("web-v2"));
    expect(put.status).toBe(201);
    const version = (await owner.get("/v1/meshes/met")).body.configVersion as number;
    const [e, w] = await Promise.all([east.config(version), west.config(version)]);
    east.ack(e.msg);
    west.nack(w.msg, "refused for the test");
    const text = await waitFor(
      async () => {
        const t = await (await fetch(`${cp.url}/metrics`)).text();
        return /trellis_config_nacks_total 1/.test(t) &&
          /trellis_config_push_seconds_count\{outcome="ack"\} 1/.test(t)
          ? t
          : null;
      },
      { what: "push latency observed" },
    );
    expect(text).toMatch(/trellis_config_push_seconds_count\{outcome="nack"\} 1/);
    expect(text).toMatch(/trellis_reports_ingested_total\{kind="metric_batch"\} 3/);
    expect(text).toMatch(/trellis_report_items_ingested_total\{kind="edge"\} 5/);
    expect(text).toMatch(/trellis_tunnels_connected 2/);
  });

  // Last: it adds traffic the exact-count tests above must not see.
  it("counts traffic routed through a service's routes as traffic to that service", async () => {
    // A canary: `shop` requests go to api-v1/api-v2, labelled with the route `shop-canary`.
    await owner.put("/v1/meshes/met/resources/HTTPRoute/shop-canary", {
      spec: {
        parentRefs: [{ name: "shop", namespace: "shop" }],
        rules: [
          {
            backendRefs: [
              { name: "api-v1", namespace: "shop", weight: 90 },
              { name: "api-v2", namespace: "shop", weight: 10 },
            ],
          },
        ],
      },
    });
    const minute = Math.floor(clock.ms / 60_000) * 60_000;
    east.send(
      batch(minute + 20_000, [
        edge("web", "api-v1", "shop-canary", 90, 90, 5),
        { ...edge("web", "api-v2", "shop-canary", 10, 10, 5), denied: { authz: 3, rate_limit: 1 } },
      ]),
    );
    await waitFor(
      async () =>
        (await owner.get("/v1/meshes/met/metrics?service=shop&namespace=shop&window=5m")).body.totals
          .requests === 100,
      {
        what: "the canary's batch rolled up",
      },
    );
    const v2 = await owner.get("/v1/meshes/met/metrics?service=api-v2&namespace=shop&window=5m");
    expect(v2.body.totals.requests).toBe(10);
    // Refusals by policy travel with the edge and add up by reason.
    expect(v2.body.totals.denied).toEqual({ authz: 3, rate_limit: 1 });
    const v1 = await owner.get("/v1/meshes/met/metrics?service=api-v1&namespace=shop&window=5m");
    expect(v1.body.totals.requests).toBe(90);
    // The graph draws it as it flows: web → shop (the route's parent) → api-v1 / api-v2, weighted.
    const g = (await owner.get("/v1/meshes/met/graph?window=5m")).body;
    const flows = g.edges
      .filter((e: { routes: string[] }) => e.routes.includes("shop-canary"))
      .map(
        (e: {
          source: string;
          destination: string;
          kind: string;
          weightPercent: number | null;
          requests: number;
        }) => [e.source, e.destination, e.kind, e.weightPercent, e.requests].join(" "),
      );
    expect(flows).toEqual([
      "shop/shop shop/api-v1 split 90 90",
      "shop/shop shop/api-v2 split 10 10",
      "shop/web shop/shop call  100",
    ]);
    expect(g.nodes.find((n: { id: string }) => n.id === "shop/shop")).toMatchObject({
      routes: ["shop-canary"],
      requests: 100,
    });
  });
});
