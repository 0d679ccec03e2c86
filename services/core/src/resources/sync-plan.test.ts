import { describe, expect, it } from "vitest";
import { readClusterResource } from "./cluster-document.ts";
import { planSync, type StoredResource } from "./sync-plan.ts";

const doc = (apiVersion: string, name: string, backend = "web") => ({
  document: Buffer.from(
    JSON.stringify({
      apiVersion,
      kind: "HTTPRoute",
      metadata: { name, namespace: "shop" },
      spec: {
        parentRefs: [{ group: "", kind: "Service", name: "web" }],
        rules: [{ backendRefs: [{ name: backend }] }],
      },
    }),
  ),
  generation: 1,
});
const stored = (name: string, ownerClusterId: string | null, backend = "web"): StoredResource => {
  const read = readClusterResource(doc("trellis.dev/v1", name, backend));
  if (read.outcome !== "resource") throw new Error("fixture");
  const r = read.resource;
  return { id: `res_${name}`, ownerClusterId, ...r };
};
const self = { clusterId: "clu_east", clusterName: "east" };
const plan = (docs: ReturnType<typeof doc>[], rows: StoredResource[]) =>
  planSync(docs.map(readClusterResource), rows, self, new Map([["clu_west", "west"]]));

describe("planning a cluster's sync", () => {
  it("creates what is new, updates what the cluster owns, leaves equal ones alone", () => {
    const p = plan(
      [doc("trellis.dev/v1", "a"), doc("trellis.dev/v1", "b", "v2"), doc("trellis.dev/v1", "c")],
      [stored("b", "clu_east"), stored("c", "clu_east")],
    );
    expect(p.steps.map((s) => s.action)).toEqual(["insert", "update", "unchanged"]);
    expect(p.steps[1]).toMatchObject({ specChanged: true });
    expect(p.deletes).toEqual([]);
  });

  it("takes an object declared twice once (Gateway API and trellis.dev copies of one route)", () => {
    const p = plan([doc("gateway.networking.k8s.io/v1", "a"), doc("trellis.dev/v1", "a")], []);
    expect(p.steps[0]!.action).toBe("insert");
    expect(p.steps[1]).toMatchObject({
      action: "refused",
      condition: {
        reason: "Conflict",
        message: expect.stringMatching(/declared twice.*gateway\.networking\.k8s\.io\/v1 HTTPRoute/),
      },
    });
  });

  it("deletes only the cluster's own rows that the sync no longer declares", () => {
    const p = plan([], [stored("mine", "clu_east"), stored("api", null), stored("theirs", "clu_west")]);
    expect(p.deletes.map((r) => r.name)).toEqual(["mine"]);
  });

  it("an invalid object keeps the cluster's stored version (not deleted, not changed)", () => {
    const bad = { document: Buffer.from("{not json"), generation: 2 };
    const broken = {
      ...doc("trellis.dev/v1", "mine"),
      document: Buffer.from(
        JSON.stringify({
          apiVersion: "trellis.dev/v1",
          kind: "HTTPRoute",
          metadata: { name: "mine", namespace: "shop" },
          spec: { bogus: true },
        }),
      ),
    };
    const p = plan([broken, bad], [stored("mine", "clu_east")]);
    expect(p.steps[0]).toMatchObject({ action: "refused", condition: { reason: "Invalid" } });
    expect((p.steps[0] as { condition: { message: string } }).condition.message).toMatch(
      /keeps its last valid version/,
    );
    expect(p.steps[1]).toMatchObject({ action: "refused", condition: { reason: "Invalid" } });
    expect(p.deletes).toEqual([]);
  });
});
