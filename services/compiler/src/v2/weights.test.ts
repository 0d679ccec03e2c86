import { describe, expect, it } from "vitest";
import { toBasisPoints } from "./weights.ts";

const points = (...weights: number[]) => toBasisPoints(weights.map((weight, item) => ({ item, weight })));

describe("toBasisPoints", () => {
  it("gives leftover points to the largest remainders, ties to the earlier backend", () => {
    expect(points(1, 2).map((x) => x.weight)).toEqual([3333, 6667]);
    expect(points(1, 1, 1).map((x) => x.weight)).toEqual([3334, 3333, 3333]);
    expect(points(90, 10).map((x) => x.weight)).toEqual([9000, 1000]);
  });

  it("drops zero weights and keeps each backend's input position", () => {
    expect(points(0, 5, 0, 5)).toEqual([
      { item: 1, weight: 5000 },
      { item: 3, weight: 5000 },
    ]);
    expect(points(0, 0)).toEqual([]);
  });

  it("keeps at least one point for a tiny positive weight, taken from the largest share", () => {
    expect(points(1_000_000, 1).map((x) => x.weight)).toEqual([9999, 1]);
  });

  it("always sums to 10,000 with every kept weight at least 1 (seeded sweep)", () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let run = 0; run < 500; run++) {
      const weights = Array.from({ length: 1 + (next() % 16) }, () =>
        next() % 3 === 0 ? 0 : next() % 1_000_001,
      );
      const out = points(...weights);
      if (weights.every((w) => w === 0)) expect(out).toEqual([]);
      else {
        expect(out.reduce((s, x) => s + x.weight, 0)).toBe(10_000);
        expect(out.every((x) => x.weight >= 1)).toBe(true);
        expect(out.map((x) => x.item)).toEqual(weights.flatMap((w, i) => (w > 0 ? [i] : [])));
      }
    }
  });
});
