import { findCanary, type RouteSpecLike, withCanaryPercent } from "@trellis/web/lib/canary.ts";
import { linearScale, linePath, niceMax, observedNote, splitPartial } from "@trellis/web/lib/chart.ts";
import { errorsByField, retryAfterText } from "@trellis/web/lib/field-errors.ts";
import { boxesOverlap, layoutGraph, smoothPath } from "@trellis/web/lib/graph-layout.ts";
import { healthOf } from "@trellis/web/lib/health-colors.ts";
import { rolloutReceipt } from "@trellis/web/lib/receipt.ts";
import { staticStability } from "@trellis/web/lib/static-stability.ts";
import { describe, expect, it } from "vitest";

describe("errorsByField", () => {
  it("puts pointer errors on their field and keeps the rest for the form", () => {
    const r = errorsByField(
      [
        { pointer: "/password", detail: "must be at least 10 characters" },
        { pointer: "/email", detail: "must be an email address" },
        { pointer: "/other/x", detail: "odd" },
      ],
      ["email", "password"],
    );
    expect(r.byField).toEqual({
      password: ["must be at least 10 characters"],
      email: ["must be an email address"],
    });
    expect(r.other).toEqual(["/other/x: odd"]);
  });

  it("says when to retry", () => {
    expect(retryAfterText(900_000)).toBe("Try again in 15 minutes.");
    expect(retryAfterText(3_000)).toBe("Try again in 3 seconds.");
    expect(retryAfterText(undefined)).toBeNull();
  });
});

describe("canary weights", () => {
  const spec: RouteSpecLike = {
    rules: [
      { backendRefs: [{ name: "web" }] },
      {
        backendRefs: [
          { name: "web", weight: 9 },
          { name: "web-v2", weight: 1 },
        ],
      },
    ],
  };
  it("finds the first split rule and its canary share", () => {
    expect(findCanary(spec)).toEqual({ ruleIndex: 1, stable: "web", canary: "web-v2", canaryPercent: 10 });
    expect(findCanary({ rules: [{ backendRefs: [{ name: "a" }] }] })).toBeNull();
  });
  it("sets weights in percent without touching other rules", () => {
    const next = withCanaryPercent(spec, 1, 35);
    expect(next.rules[1]!.backendRefs!.map((b) => b.weight)).toEqual([65, 35]);
    expect(next.rules[0]).toBe(spec.rules[0]);
    expect(withCanaryPercent(spec, 1, 140).rules[1]!.backendRefs!.map((b) => b.weight)).toEqual([0, 100]);
  });
});

describe("rolloutReceipt", () => {
  const sync = {
    mesh: "m",
    desiredVersion: 7,
    inSync: false,
    clusters: [
      {
        cluster: "a",
        connected: true,
        desiredVersion: 7,
        appliedVersion: 7,
        inSync: true,
        laggingSince: null,
        lastNack: null,
      },
      {
        cluster: "b",
        connected: true,
        desiredVersion: 7,
        appliedVersion: 6,
        inSync: false,
        laggingSince: null,
        lastNack: { version: 7, error: "bad regex", at: "" },
      },
    ],
    proxies: [
      {
        proxy: "p1",
        kind: "trellis-proxy" as const,
        cluster: "a",
        service: "web",
        desiredVersion: 7,
        appliedVersion: 8,
        inSync: true,
        laggingSince: null,
        lastNack: null,
      },
      {
        proxy: "p2",
        kind: "trellis-proxy" as const,
        cluster: "b",
        service: "web",
        desiredVersion: 7,
        appliedVersion: null,
        inSync: false,
        laggingSince: null,
        lastNack: null,
      },
      {
        proxy: "restock-1",
        kind: "grpc-proxyless" as const,
        cluster: "a",
        service: "restock",
        desiredVersion: 7,
        appliedVersion: 6,
        inSync: false,
        laggingSince: null,
        lastNack: { version: 7, error: "envoy.config.listener.v3.Listener: no RBAC" },
      },
    ],
  };
  it("counts who runs the version or newer, and says why the rest do not", () => {
    const r = rolloutReceipt(sync, 7);
    expect([r.applied, r.total, r.percent]).toEqual([2, 5, 40]);
    expect(r.rows.find((x) => x.name === "b")!.detail).toBe("rejected: bad regex");
    // An xDS client is a receipt like any proxy, named by its data plane, its NACK shown.
    const restock = r.rows.find((x) => x.name === "restock (restock-1)")!;
    expect([restock.dataPlane, restock.detail]).toEqual([
      "grpc-proxyless",
      "rejected: envoy.config.listener.v3.Listener: no RBAC",
    ]);
    expect(r.rows.find((x) => x.name === "web (p2)")!).toMatchObject({
      dataPlane: "trellis-proxy",
      detail: "pending",
    });
    expect(r.rows.find((x) => x.name === "a")!.dataPlane).toBe("connector");
    expect(rolloutReceipt({ ...sync, clusters: [], proxies: [] }, 7).percent).toBe(100);
  });
});

describe("staticStability", () => {
  const now = Date.parse("2030-01-01T00:00:00Z");
  const h = (n: number) => new Date(now + n * 3_600_000).toISOString();
  it("is the earliest live certificate expiry of the weakest cluster", () => {
    const s = staticStability({
      nowMs: now,
      clusters: [
        { name: "a", appliedVersion: 3 },
        { name: "b", appliedVersion: 3 },
      ],
      proxies: [
        { cluster: "a", name: "web-1", certNotAfter: h(20) },
        { cluster: "a", name: "web-2", certNotAfter: h(1), gone: true },
        { cluster: "b", name: "api-1", certNotAfter: h(11) },
      ],
    });
    expect(s.survivesMs).toBe(11 * 3_600_000);
    expect(s.limitedBy).toContain("cluster b");
  });
  it("is zero for a cluster with proxies but no last-known-good config", () => {
    const s = staticStability({
      nowMs: now,
      clusters: [
        { name: "a", appliedVersion: null },
        { name: "b", appliedVersion: 2 },
      ],
      proxies: [
        { cluster: "a", name: "web-1", certNotAfter: h(20) },
        { cluster: "b", name: "api-1", certNotAfter: h(11) },
      ],
    });
    expect(s.survivesMs).toBe(0);
    expect(s.limitedBy).toContain("never synced");
  });
  it("ignores a cluster that serves nothing yet, and is unknown without reports", () => {
    const s = staticStability({
      nowMs: now,
      clusters: [
        { name: "new", appliedVersion: null },
        { name: "b", appliedVersion: 4, desiredVersion: 5 },
      ],
      proxies: [{ cluster: "b", name: "api-1", certNotAfter: h(11) }],
    });
    expect(s.survivesMs).toBe(11 * 3_600_000);
    expect(s.untilIso).toBe(h(11));
    expect(s.clusters.find((c) => c.cluster === "b")!.reason).toContain("v4 (behind the desired v5)");
    expect(s.clusters.find((c) => c.cluster === "new")!.survivesMs).toBeNull();
    expect(
      staticStability({ nowMs: now, clusters: [{ name: "a", appliedVersion: 1 }], proxies: [] }).survivesMs,
    ).toBeNull();
    expect(staticStability({ nowMs: now, clusters: [], proxies: [] }).limitedBy).toBe("no cluster yet");
  });
  it("leaves out revoked clusters and counts an expired certificate as zero", () => {
    const s = staticStability({
      nowMs: now,
      clusters: [
        { name: "old", appliedVersion: 1, revoked: true },
        { name: "b", appliedVersion: 1 },
      ],
      proxies: [
        { cluster: "old", name: "x", certNotAfter: h(-5) },
        { cluster: "b", name: "y", certNotAfter: h(-1) },
      ],
    });
    expect(s.clusters.map((c) => c.cluster)).toEqual(["b"]);
    expect(s.survivesMs).toBe(0);
  });
});

describe("graph layout and charts", () => {
  it("puts callers left of callees, keeps boxes and labels apart, and survives cycles", () => {
    const box = (id: string) => ({ id, width: 150, height: 48 });
    const edge = (source: string, destination: string) => ({
      key: `${source}->${destination}`,
      source,
      destination,
      labelWidth: 110,
      labelHeight: 18,
    });
    // The demo: loadgen → frontend → catalog → v1/v2 → inventory, plus a cycle b ⇄ c.
    const nodes = ["loadgen", "frontend", "catalog", "v1", "v2", "inventory", "b", "c"].map(box);
    const edges = [
      edge("loadgen", "frontend"),
      edge("frontend", "catalog"),
      edge("catalog", "v1"),
      edge("catalog", "v2"),
      edge("v1", "inventory"),
      edge("v2", "inventory"),
      edge("b", "c"),
      edge("c", "b"),
    ];
    const l = layoutGraph(nodes, edges);
    const x = (id: string) => l.nodes.get(id)!.x;
    expect(x("loadgen")).toBeLessThan(x("frontend"));
    expect(x("frontend")).toBeLessThan(x("catalog"));
    expect(x("catalog")).toBeLessThan(x("v1"));
    expect(x("v1")).toBe(x("v2"));
    expect(x("v2")).toBeLessThan(x("inventory"));
    // No node box overlaps another, nor any edge label.
    const labels = [...l.edges.values()].map((e) => ({ x: e.labelX, y: e.labelY, width: 110, height: 18 }));
    const boxes = [...l.nodes.values()];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(boxesOverlap(a, b), `${a.id} / ${b.id}`).toBe(false);
      for (const lab of labels) expect(boxesOverlap(a, lab), `${a.id} / a label`).toBe(false);
    }
    for (const [i, a] of labels.entries())
      for (const b of labels.slice(i + 1)) expect(boxesOverlap(a, b)).toBe(false);
    // Every edge is routed, and the picture fits what it reports.
    expect(l.edges.size).toBe(edges.length);
    for (const n of boxes) expect(n.x + n.width / 2).toBeLessThanOrEqual(l.width);
    // Same input, same picture (no jumping between polls), whatever the input order.
    const again = layoutGraph([...nodes].reverse(), [...edges].reverse());
    expect([...again.nodes.values()].map((n) => [n.id, n.x, n.y]).sort()).toEqual(
      boxes.map((n) => [n.id, n.x, n.y]).sort(),
    );
  });
  it("draws a smooth path through the routed points and marks the open bucket apart", () => {
    expect(
      smoothPath([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 20, y: 10 },
      ]),
    ).toBe("M0.0,0.0 Q10.0,0.0 15.0,5.0 L20.0,10.0");
    const pts = [0, 1, 2].map((x) => ({ x, y: x }));
    expect(splitPartial(pts, 2)).toEqual({ closed: pts.slice(0, 2), tail: pts.slice(1) });
    expect(splitPartial(pts, null)).toEqual({ closed: pts, tail: [] });
    expect([observedNote(3600, 3600), observedNote(130, 3600), observedNote(45, 300)]).toEqual([
      null,
      "2 min",
      "45 s",
    ]);
  });
  it("breaks lines at gaps and picks nice axis maxima", () => {
    const x = linearScale([0, 2], [0, 100]);
    const y = linearScale([0, 10], [100, 0]);
    expect(
      linePath(
        [
          { x: 0, y: 0 },
          { x: 1, y: null },
          { x: 2, y: 10 },
        ],
        x,
        y,
      ),
    ).toBe("M0.0,100.0M100.0,0.0");
    expect([niceMax(0), niceMax(3), niceMax(17), niceMax(0.3)]).toEqual([1, 5, 20, 0.5]);
  });
  it("colours by success rate", () => {
    expect([healthOf(null), healthOf(1), healthOf(0.97), healthOf(0.5)]).toEqual([
      "idle",
      "good",
      "warn",
      "bad",
    ]);
  });
});
