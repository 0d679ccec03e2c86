import { describe, expect, it } from "vitest";
import { pickWeighted, weightedTable } from "./weighted.ts";

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
