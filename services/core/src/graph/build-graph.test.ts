import { describe, expect, it } from "vitest";
import { addBuckets, emptyBuckets } from "../metrics/histogram.ts";
import type { RollupRow } from "../metrics/load-rollups.ts";
import { buildGraph } from "./build-graph.ts";
import { routeSplitsOf } from "./route-splits.ts";

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

const edgeLine = (e: {
  source: string;
  destination: string;
  kind: string;
  weightPercent: number | null;
  requests: number;
}) =>
  `${e.source} → ${e.destination} ${e.kind}${e.weightPercent === null ? "" : ` ${e.weightPercent}%`} ${e.requests}`;

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

  it("draws routed traffic through the route's parent to the weighted backends the proxy picked", () => {
    const splits = routeSplitsOf([
      {
        name: "catalog-canary",
        spec: {
          parentRefs: [{ name: "catalog", namespace: "shop" }],
          rules: [
            {
              backendRefs: [
                { name: "catalog-v1", weight: 90 },
                { name: "catalog-v2", weight: 10 },
              ],
            },
          ],
        },
      },
    ]);
    const g = buildGraph(
      [
        row("frontend", "catalog-v1", "catalog-canary", 90, 90, 0),
        row("frontend", "catalog-v2", "catalog-canary/main", 10, 9, 0),
        row("catalog-v1", "inventory", "", 90, 90, 0),
        row("catalog-v2", "inventory", "", 10, 10, 0),
      ],
      10,
      splits,
    );
    expect(g.edges.map(edgeLine)).toEqual([
      "shop/catalog → shop/catalog-v1 split 90% 90",
      "shop/catalog → shop/catalog-v2 split 10% 10",
      "shop/catalog-v1 → shop/inventory call 90",
      "shop/catalog-v2 → shop/inventory call 10",
      "shop/frontend → shop/catalog call 100",
    ]);
    const catalog = g.nodes.find((n) => n.id === "shop/catalog")!;
    expect(catalog).toMatchObject({ routes: ["catalog-canary"], requests: 100, successes: 99, rps: 10 });
    expect(g.edges.find((e) => e.destination === "shop/catalog")!.routes).toEqual([
      "catalog-canary",
      "catalog-canary/main",
    ]);
  });

  it("keeps a routed request that went to the parent itself as one call edge", () => {
    const splits = routeSplitsOf([{ name: "r", spec: { parentRefs: [{ name: "api" }], rules: [{}] } }]);
    const g = buildGraph(
      [{ ...row("web", "api", "r", 5, 5, 0), destinationNamespace: "default", sourceNamespace: "default" }],
      5,
      splits,
    );
    expect(g.edges.map(edgeLine)).toEqual(["default/web → default/api call 5"]);
    expect(g.nodes.find((n) => n.id === "default/api")!.routes).toEqual([]);
  });

  it("is empty without traffic", () => {
    expect(buildGraph([], 300)).toEqual({ nodes: [], edges: [] });
  });
});

describe("routeSplitsOf", () => {
  it("normalises weights per rule (default weight 1) and names backends in the parent's namespace", () => {
    const splits = routeSplitsOf([
      {
        name: "a",
        spec: {
          parentRefs: [{ name: "p", namespace: "ns" }],
          rules: [{ backendRefs: [{ name: "x" }, { name: "y", weight: 3 }] }],
        },
      },
      { name: "orphan", spec: { rules: [] } },
    ]);
    expect([...splits.keys()]).toEqual(["a"]);
    expect(splits.get("a")).toEqual({
      parent: { namespace: "ns", service: "p" },
      weightPercent: new Map([
        ["ns/x", 25],
        ["ns/y", 75],
      ]),
    });
  });
});
