import { configSnapshotSchema, snapshotSchemaId } from "@trellis/protocol/snapshot";
import { parseConfigSnapshotV2, snapshotV2SchemaId } from "@trellis/protocol/snapshot/v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor.ts";
import { createCluster } from "../clusters/create.ts";
import { createMesh } from "../meshes/create.ts";
import { deleteMesh } from "../meshes/delete.ts";
import { createTestContext, ownerOf, type TestCore } from "../testing/context.ts";
import { planPush } from "./push.ts";

// Load → compile → targets on a real database; the streams are plain objects because
// planPush only asks each which cluster it serves, which schemas it reads and whether it
// wants a version.
let core: TestCore;
let owner: Actor;
let meshId: string;

const stream = (name: string, held: number, acceptedSchemas: string[] = []) => ({
  cluster: { name },
  acceptedSchemas,
  wants: (v: number) => v > held,
});
const json = (b: Buffer) => JSON.parse(b.toString("utf8"));

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

  it("gives a connector that reads v2 the v2 snapshot, with v1 as an alternate when it reads both", async () => {
    const plan = (await planPush(core.ctx, meshId, [
      stream("east", 0, [snapshotV2SchemaId, snapshotSchemaId]),
      stream("west", 0, [snapshotV2SchemaId]),
    ]))!;
    const [east, west] = plan.targets;
    expect(east!.schema).toBe(snapshotV2SchemaId);
    const v2 = parseConfigSnapshotV2(json(east!.payload));
    if (!v2.ok) throw new Error(v2.error);
    expect(v2.snapshot).toMatchObject({ cluster: "east", version: plan.version, mesh: { name: "shop" } });
    expect(east!.alternates.map((a) => a.schema)).toEqual([snapshotSchemaId]);
    expect(configSnapshotSchema.parse(json(east!.alternates[0]!.payload))).toMatchObject({
      cluster: "east",
      version: plan.version,
    });
    expect(west).toMatchObject({ schema: snapshotV2SchemaId, alternates: [] });
    expect(json(west!.payload).cluster).toBe("west");
  });

  it("gives a connector that sends no accepted schemas (the previous release) v1 alone", async () => {
    const [old] = (await planPush(core.ctx, meshId, [stream("east", 0)]))!.targets;
    expect(old).toMatchObject({ schema: snapshotSchemaId, alternates: [] });
    expect(configSnapshotSchema.safeParse(json(old!.payload)).success).toBe(true);
  });

  it("encodes each distinct payload once: streams of one cluster share the bytes", async () => {
    const both = [snapshotV2SchemaId, snapshotSchemaId];
    const plan = (await planPush(core.ctx, meshId, [
      stream("east", 0, both),
      stream("east", 0, [snapshotV2SchemaId]),
      stream("east", 0),
      stream("west", 0, both),
    ]))!;
    const [a, b, old, west] = plan.targets;
    expect(b!.payload).toBe(a!.payload);
    expect(old!.payload).toBe(a!.alternates[0]!.payload);
    expect(west!.payload).not.toBe(a!.payload);
  });

  it("encodes v1 renderings with the given encoder", async () => {
    const encode = (s: { cluster: string }) => ({ schema: "test/v9", payload: Buffer.from(s.cluster) });
    const plan = await planPush(
      core.ctx,
      meshId,
      [stream("east", 0), stream("west", 0, [snapshotV2SchemaId, snapshotSchemaId])],
      encode,
    );
    expect(plan!.targets[0]).toMatchObject({ schema: "test/v9", payload: Buffer.from("east") });
    expect(plan!.targets[1]).toMatchObject({
      schema: snapshotV2SchemaId,
      alternates: [{ schema: "test/v9", payload: Buffer.from("west") }],
    });
  });

  it("is null for a mesh that is gone", async () => {
    const args = { ctx: core.ctx, actor: owner, requestId: null };
    const gone = (await createMesh({ ...args, input: { name: "gone" } })).id;
    await deleteMesh({ ...args, input: { name: "gone" } });
    expect(await planPush(core.ctx, gone, [stream("east", 0)])).toBeNull();
  });
});
