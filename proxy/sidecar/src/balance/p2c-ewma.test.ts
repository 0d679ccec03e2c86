import { describe, expect, it } from "vitest";
import type { Endpoint as SnapshotEndpoint } from "../routing/types.ts";
import { PeakEwmaBalancer } from "./p2c-ewma.ts";
import { RoundRobinBalancer } from "./round-robin.ts";

const ep = (port: number): SnapshotEndpoint => ({
  address: "127.0.0.1",
  port,
  identity: `spiffe://td/ns/default/sa/s${port}`,
  connectTimeoutMs: 2000,
  draining: false,
});

describe("P2C over peak-EWMA", () => {
  it("prefers the faster endpoint once latencies are known", () => {
    let now = 0;
    const b = new PeakEwmaBalancer([ep(1), ep(2)], { now: () => now });
    const seen = new Map<number, ReturnType<typeof b.pick>>();
    while (seen.size < 2) {
      const h = b.pick()!;
      seen.set(h.endpoint.port, h);
      h.pending++; // make the other one cheaper next time
    }
    for (const h of seen.values()) h!.pending = 0;
    b.observe(seen.get(1)!, 5);
    b.observe(seen.get(2)!, 200);
    now += 10;
    const counts = new Map<number, number>();
    for (let i = 0; i < 100; i++) {
      const h = b.pick()!;
      counts.set(h.endpoint.port, (counts.get(h.endpoint.port) ?? 0) + 1);
    }
    expect(counts.get(1)).toBe(100); // with two endpoints both are always compared
  });

  it("takes a slow sample at once (peak) and decays it with time", () => {
    let now = 0;
    const b = new PeakEwmaBalancer([ep(1)], { now: () => now, decayMs: 1000, defaultRttMs: 10 });
    const h = b.pick()!;
    b.observe(h, 500);
    expect(h.ewmaMs).toBe(500);
    now += 5000;
    b.observe(h, 10);
    expect(h.ewmaMs).toBeLessThan(20);
  });

  it("counts requests in flight into the cost", () => {
    const b = new PeakEwmaBalancer([ep(1), ep(2)], { now: () => 0 });
    const a = b.pick()!;
    a.pending = 10;
    for (let i = 0; i < 20; i++) expect(b.pick()).not.toBe(a);
  });

  it("keeps what it learnt about endpoints that stay across updates", () => {
    const b = new PeakEwmaBalancer([ep(1), ep(2)], { now: () => 0 });
    const h = b.pick()!;
    b.observe(h, 400);
    b.setEndpoints([ep(h.endpoint.port), ep(3)]);
    expect(b.size).toBe(2);
    const again = [b.pick(), b.pick(), b.pick(), b.pick()].find((x) => x?.endpoint.port === h.endpoint.port);
    expect(again === undefined || again.ewmaMs === 400).toBe(true);
  });

  it("gives nothing without endpoints", () => {
    expect(new PeakEwmaBalancer([]).pick()).toBeUndefined();
  });
});

describe("round robin", () => {
  it("cycles through endpoints in order", () => {
    const b = new RoundRobinBalancer([ep(1), ep(2), ep(3)]);
    expect([1, 2, 3, 4].map(() => b.pick()!.endpoint.port)).toEqual([1, 2, 3, 1]);
  });
});
