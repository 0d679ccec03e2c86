import { type ConfigSnapshotV2, parseConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { compileSnapshots } from "../compile.ts";
import type { CompileInput } from "../inputs.ts";
import { Random, randomMesh } from "../testing/random-mesh.ts";
import { compileSnapshotsV2 } from "./compile.ts";

// Properties every compiled snapshot has, checked on seeded random meshes (a failure
// names its seed, which reproduces it exactly).
const seeds = Array.from({ length: 150 }, (_, i) => i + 1);

function forEachMesh(
  check: (input: CompileInput, snapshots: Map<string, ConfigSnapshotV2>, seed: number) => void,
) {
  for (const seed of seeds) {
    const input = randomMesh(new Random(seed));
    try {
      check(input, compileSnapshotsV2(input), seed);
    } catch (err) {
      throw new Error(`seed ${seed}: ${(err as Error).message}`);
    }
  }
}

describe("snapshot v2 properties", () => {
  it("is valid against the v2 contract and already in parsed form: every backend and mirror names a cluster", () => {
    forEachMesh((_, snapshots) => {
      for (const s of snapshots.values()) {
        const parsed = parseConfigSnapshotV2(s);
        if (!parsed.ok) throw new Error(parsed.error);
        expect(parsed.snapshot).toEqual(s);
      }
    });
  });

  it("is deterministic: the same input, shuffled or not, gives the same bytes", () => {
    forEachMesh((input, snapshots, seed) => {
      const r = new Random(seed * 7919);
      const shuffled: CompileInput = {
        ...input,
        resources: r.shuffle(input.resources),
        clusters: r.shuffle(input.clusters),
        services: r.shuffle(input.services).map((s) => ({ ...s, endpoints: r.shuffle(s.endpoints) })),
      };
      expect(JSON.stringify([...compileSnapshotsV2(shuffled)])).toBe(JSON.stringify([...snapshots]));
      expect(JSON.stringify([...compileSnapshotsV2(input)])).toBe(JSON.stringify([...snapshots]));
    });
  });

  it("normalises every route's weights to basis points summing to 10,000, one entry per cluster", () => {
    let routes = 0;
    forEachMesh((_, snapshots) => {
      for (const vh of snapshots.get("east")!.virtualHosts)
        for (const r of vh.routes) {
          if (r.action.type !== "forward") continue;
          routes++;
          const weights = r.action.backends.map((b) => b.weight);
          expect(weights.reduce((a, b) => a + b, 0)).toBe(10_000);
          expect(weights.every((w) => w >= 1)).toBe(true);
          expect(new Set(r.action.backends.map((b) => b.cluster)).size).toBe(weights.length);
        }
    });
    expect(routes).toBeGreaterThan(200);
  });

  it("reaches every port of every service, lists no endpoint that is not ready, and orders gRPC before HTTP", () => {
    forEachMesh((_, snapshots) => {
      const s = snapshots.get("east")!;
      for (const vh of s.virtualHosts) {
        for (const p of vh.ports)
          expect(vh.routes.some((r) => r.port === undefined || r.port === p.port)).toBe(true);
        const firstHttp = vh.routes.findIndex((r) => !r.match.grpc);
        if (firstHttp >= 0) expect(vh.routes.slice(firstHttp).every((r) => !r.match.grpc)).toBe(true);
      }
      for (const c of s.clusters)
        for (const e of c.endpoints) expect(["ready", "draining"]).toContain(e.state);
    });
  });

  it("describes the same services and version as the v1 snapshot, opaque ones passed through at L4", () => {
    forEachMesh((input, snapshots) => {
      const v1 = compileSnapshots(input).get("east")!;
      const v2 = snapshots.get("east")!;
      const keys = v1.services.map((x) => `${x.namespace}/${x.name}`).sort();
      expect(v2.virtualHosts.map((v) => v.name).sort()).toEqual(keys);
      expect(v2.clusters.map((c) => c.name).sort()).toEqual(keys);
      expect(v2.version).toBe(v1.version);
      for (const vh of v2.virtualHosts) {
        const opaque = vh.ports.every((p) => p.protocol === "tcp");
        const inbound = v2.inbound.find((i) => `${i.service.namespace}/${i.service.name}` === vh.name)!;
        if (opaque) expect(inbound.l4PassThrough).toBe(true);
        if (opaque) expect(vh.routes.every((r) => r.action.type !== "forward" || !r.action.retry)).toBe(true);
      }
    });
  });
});
