import { describe, expect, it } from "vitest";
import { addBuckets, emptyBuckets } from "../metrics/histogram.ts";
import type { RollupRow } from "../metrics/load-rollups.ts";
import { buildGraph } from "./build-graph.ts";

const row = (
  src: string,
  dst: string,
  route: string,
  requests: number,
  successes: number,
  bucket: number,
): RollupRow => {
  const latencyBuckets = emptyBuckets();
  latencyBuckets[bucket] = requests;
  return {
    bucketStartMs: 0,
    sourceNamespace: "shop",
    sourceService: src,
    destinationNamespace: "shop",
    destinationService: dst,
    route,
    requests,
    successes,
    latencyBuckets,
    denied: {},
  };
};

describe("buildGraph", () => {
  it("has one edge per source → destination (routes merged) and node stats of what each served", () => {
    const g = buildGraph(
      [
        row("web", "api", "list", 600, 540, 0),
        row("web", "api", "get", 300, 270, 13),
        row("api", "db", "", 1200, 1200, 4),
      ],
      300,
    );
    expect(g.nodes.map((n) => [n.id, n.requests, n.rps])).toEqual([
      ["shop/api", 900, 3],
      ["shop/db", 1200, 4],
      ["shop/web", 0, 0],
    ]);
    expect(g.edges.map((e) => [e.source, e.destination, e.routes, e.rps, e.successRate])).toEqual([
      ["shop/api", "shop/db", [""], 4, 1],
      ["shop/web", "shop/api", ["get", "list"], 3, 0.9],
    ]);
    // p99 of the merged web → api edge: rank 891 of 900 falls in (75, 100] holding 300 → 75 + 25 · 291/300.
    expect(g.edges[1]!.latencyMsP99).toBe(99.25);
    const merged = addBuckets(emptyBuckets(), row("web", "api", "list", 600, 600, 0).latencyBuckets);
    expect(merged[0]).toBe(600);
  });

  it("is empty without traffic", () => {
    expect(buildGraph([], 300)).toEqual({ nodes: [], edges: [] });
  });
});
