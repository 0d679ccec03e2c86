import { describe, expect, it } from "vitest";
import { EdgeAccumulator, edgeKey } from "./edge-merge.ts";

const edge = {
  sourceService: "web",
  sourceNamespace: "default",
  destinationService: "api",
  destinationNamespace: "default",
};

describe("edge merge", () => {
  it("sums counts, histogram buckets bucket by bucket, and denials per reason", () => {
    const acc = new EdgeAccumulator();
    acc.add([
      { ...edge, requests: 10, successes: 9, latencyBuckets: [5, 4, 1], denied: { authz: 1 }, retries: 1 },
    ]);
    acc.add([
      {
        ...edge,
        requests: 5,
        successes: 5,
        latencyBuckets: [1, 1, 2, 1],
        denied: { authz: 2, rate_limit: 3 },
      },
    ]);
    const [merged, ...rest] = acc.drain();
    expect(rest).toEqual([]);
    expect(merged).toMatchObject({
      requests: 15,
      successes: 14,
      retries: 1,
      latencyBuckets: [6, 5, 3, 1],
      denied: { authz: 3, rate_limit: 3 },
    });
  });

  it("keeps edges apart by source, destination and route, and starts over after drain", () => {
    const acc = new EdgeAccumulator();
    acc.add([
      { ...edge, requests: 1 },
      { ...edge, route: "r1", requests: 1 },
      { ...edge, destinationNamespace: "other", requests: 1 },
    ]);
    expect(acc.size).toBe(3);
    expect(acc.drain()).toHaveLength(3);
    expect(acc.drain()).toHaveLength(0);
    expect(edgeKey({ ...edge, route: "" })).toBe(edgeKey(edge));
  });
});
