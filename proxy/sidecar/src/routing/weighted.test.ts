import { describe, expect, it } from "vitest";
import { pickWeighted, pickWeightedServing, weightedTable } from "./weighted.ts";

describe("weighted choice", () => {
  const table = weightedTable(
    [
      { name: "a", weight: 90 },
      { name: "b", weight: 10 },
      { name: "off", weight: 0 },
    ],
    (x) => x.weight,
  );

  it("splits by weight at the cumulative boundaries", () => {
    expect(pickWeighted(table, 0)?.name).toBe("a");
    expect(pickWeighted(table, 0.899)?.name).toBe("a");
    expect(pickWeighted(table, 0.9)?.name).toBe("b");
    expect(pickWeighted(table, 0.9999)?.name).toBe("b");
  });

  it("never picks a zero-weight ref", () => {
    expect(table.items.map((x) => x.name)).toEqual(["a", "b"]);
  });

  it("gives nothing when every weight is zero", () => {
    expect(pickWeighted(weightedTable([{ weight: 0 }], (x) => x.weight))).toBeUndefined();
  });

  it("approaches the configured ratio over many picks", () => {
    let b = 0;
    for (let i = 0; i < 10_000; i++) if (pickWeighted(table)?.name === "b") b++;
    expect(b).toBeGreaterThan(800);
    expect(b).toBeLessThan(1200);
  });
});

describe("weighted choice among serving backends", () => {
  const split = weightedTable(
    [
      { name: "stable", weight: 90 },
      { name: "canary", weight: 10 },
    ],
    (x) => x.weight,
  );

  it("never picks a backend that has nothing to send to", () => {
    const rolls = [0.95, 0.5]; // the first roll lands on the canary, which serves nothing
    const picked = pickWeightedServing(
      split,
      (b) => b.name !== "canary",
      () => rolls.shift()!,
    );
    expect(picked?.name).toBe("stable");
    for (let i = 0; i < 200; i++)
      expect(pickWeightedServing(split, (b) => b.name !== "canary")?.name).toBe("stable");
  });

  it("keeps the weights among those that serve, and the plain pick when none does", () => {
    expect(
      pickWeightedServing(
        split,
        () => true,
        () => 0.95,
      )?.name,
    ).toBe("canary");
    expect(
      pickWeightedServing(
        split,
        () => false,
        () => 0.95,
      )?.name,
    ).toBe("canary");
  });
});
