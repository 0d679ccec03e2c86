import { configSnapshotSchema, snapshotSchemaId } from "@trellis/protocol/snapshot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor.ts";
import { createCluster } from "../clusters/create.ts";
import { createMesh } from "../meshes/create.ts";
import { deleteMesh } from "../meshes/delete.ts";
import { createTestContext, ownerOf, type TestCore } from "../testing/context.ts";
import { planPush } from "./push.ts";

// Load → compile → targets on a real database; the streams are plain objects because
// planPush only asks each which cluster it serves and whether it wants a version.
let core: TestCore;
let owner: Actor;
let meshId: string;

const stream = (name: string, held: number) => ({ cluster: { name }, wants: (v: number) => v > held });

beforeAll(async () => {
  core = await createTestContext();
  owner = await ownerOf(core.ctx);
  const args = { ctx: core.ctx, actor: owner, requestId: null };
  meshId = (await createMesh({ ...args, input: { name: "shop" } })).id;
  for (const name of ["east", "west"]) await createCluster({ ...args, input: { mesh: "shop", name } });
});
afterAll(() => core?.stop());

describe("planPush", () => {
  it("stamps the mesh's current version for each stream that wants it, with its own cluster", async () => {
    const east = stream("east", 0);
    const west = stream("west", 0);
    const plan = await planPush(core.ctx, meshId, [east, west]);
    expect(plan!.version).toBeGreaterThan(0);
    expect(plan!.targets.map((t) => t.stream)).toEqual([east, west]);
    for (const t of plan!.targets) {
      expect(t.schema).toBe(snapshotSchemaId);
      const snapshot = configSnapshotSchema.parse(JSON.parse(t.payload.toString()));
      expect(snapshot).toMatchObject({ mesh: { name: "shop" }, cluster: t.stream.cluster.name });
      expect(snapshot.version).toBe(plan!.version);
      expect(snapshot.trustBundle).toHaveLength(1);
    }
  });

  it("leaves out a stream that already holds the version, and is null when none wants it", async () => {
    const current = (await planPush(core.ctx, meshId, [stream("east", 0)]))!.version;
    const plan = await planPush(core.ctx, meshId, [stream("east", current), stream("west", 0)]);
    expect(plan!.targets.map((t) => t.stream.cluster.name)).toEqual(["west"]);
    expect(await planPush(core.ctx, meshId, [stream("east", current)])).toBeNull();
  });

  it("encodes with the given encoder", async () => {
    const plan = await planPush(core.ctx, meshId, [stream("east", 0)], (s) => ({
      schema: "test/v9",
      payload: Buffer.from(s.cluster),
    }));
    expect(plan!.targets[0]).toMatchObject({ schema: "test/v9", payload: Buffer.from("east") });
  });

  it("is null for a mesh that is gone", async () => {
    const args = { ctx: core.ctx, actor: owner, requestId: null };
    const gone = (await createMesh({ ...args, input: { name: "gone" } })).id;
    await deleteMesh({ ...args, input: { name: "gone" } });
    expect(await planPush(core.ctx, gone, [stream("east", 0)])).toBeNull();
  });
});
