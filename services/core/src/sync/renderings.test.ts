import { clusterAddresses } from "@trellis/compiler/cluster-addresses";
import { compileMeshConfig, forCluster } from "@trellis/compiler/compile";
import { Random, randomMesh } from "@trellis/compiler/testing/random-mesh";
import { compileMeshConfigV2, forClusterV2 } from "@trellis/compiler/v2/compile";
import { snapshotSchemaId } from "@trellis/protocol/snapshot";
import { snapshotV2SchemaId } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { encodeSnapshotJson, Renderings } from "./renderings.ts";
import { SharedJson } from "./shared-json.ts";

describe("Renderings", () => {
  it("gives every cluster exactly the bytes JSON.stringify gives its snapshot, in both schemas", () => {
    for (let seed = 1; seed <= 150; seed++) {
      const r = new Random(seed);
      const input = randomMesh(r);
      // ClusterIPs make some clusters' snapshots differ from the shared parts.
      for (const s of input.services) if (r.chance(0.5)) s.addresses = [`10.96.${r.int(3)}.${r.int(9)}`];
      const clusters = ["east", "west", "north"];
      input.clusters = clusters.map((name) => ({ id: `clu_${name}`, name }));
      const renderings = new Renderings(input);
      const addresses = clusterAddresses(input.services);
      const v1 = compileMeshConfig(input);
      const v2 = compileMeshConfigV2(input);
      for (const cluster of clusters) {
        expect(
          renderings.get(snapshotSchemaId, cluster).payload.toString(),
          `seed ${seed} v1 ${cluster}`,
        ).toBe(JSON.stringify(forCluster(v1, cluster, addresses)));
        expect(
          renderings.get(snapshotV2SchemaId, cluster).payload.toString(),
          `seed ${seed} v2 ${cluster}`,
        ).toBe(JSON.stringify(forClusterV2(v2, cluster, addresses)));
      }
    }
  });

  it("encodes each (schema, cluster) once and uses a replaced v1 encoder as given", () => {
    const input = randomMesh(new Random(7));
    input.clusters = [{ id: "clu_east", name: "east" }];
    let calls = 0;
    const renderings = new Renderings(input, (snapshot) => {
      calls++;
      return { ...encodeSnapshotJson(snapshot), schema: "trellis.config/v9" };
    });
    const first = renderings.get(snapshotSchemaId, "east");
    expect(renderings.get(snapshotSchemaId, "east")).toBe(first);
    expect(first.schema).toBe("trellis.config/v9");
    expect(calls).toBe(1);
  });
});

describe("SharedJson", () => {
  it("matches JSON.stringify where members are dropped, nulled or serialize themselves", () => {
    const shared = { a: [1, undefined, () => 1, "x"], d: new Date(0), u: undefined, n: null };
    const values = [
      { top: 1, shared, f: () => 1, s: Symbol("s"), nested: { deep: { deeper: [shared] } } },
      { top: 2, shared, list: [shared, { other: true }] },
      { 'quo"te': "é\u2028", shared },
    ];
    const json = new SharedJson();
    for (const v of values) expect(json.stringify(v)).toBe(JSON.stringify(v));
  });
});
