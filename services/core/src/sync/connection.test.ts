import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor.ts";
import { createCluster } from "../clusters/create.ts";
import { getCluster } from "../clusters/list.ts";
import type { Context } from "../context.ts";
import { getMeshHealth } from "../health/get-health.ts";
import { createMesh } from "../meshes/create.ts";
import { createTestContext, ownerOf, type TestCore } from "../testing/context.ts";
import { exchangeJoinToken } from "../tunnel-auth/exchange-join-token.ts";
import { markConnected, refreshPresence, releaseConnections } from "./connection.ts";
import { getMeshSync } from "./get-sync.ts";

// Issue 13 §5: "connected" is a lease the replica holding the stream renews; a replica that
// dies (kill -9) stops renewing, and within TUNNEL_LEASE_MS every view says disconnected.
let core: TestCore;
let owner: Actor;
let nowMs = Date.parse("2026-06-01T12:00:00Z");
const clock = { now: () => new Date(nowMs) };
const leaseMs = 10_000;

beforeAll(async () => {
  core = await createTestContext({ clock, env: { TUNNEL_LEASE_MS: String(leaseMs) } });
  owner = await ownerOf(core.ctx);
  const args = { ctx: core.ctx, actor: owner, requestId: null };
  await createMesh({ ...args, input: { name: "shop" } });
  for (const name of ["east", "west"]) {
    const { joinToken } = await createCluster({ ...args, input: { mesh: "shop", name } });
    await exchangeJoinToken(core.ctx, joinToken.token); // a connector joined once
  }
});
afterAll(() => core?.stop());

const view = async (name: string) => {
  const args = { ctx: core.ctx, actor: owner, requestId: null };
  const cluster = await getCluster({ ...args, input: { mesh: "shop", name } });
  const sync = await getMeshSync({ ...args, input: { mesh: "shop" } });
  const health = await getMeshHealth({ ...args, input: { mesh: "shop" } });
  return {
    cluster: cluster.connected,
    sync: sync.clusters.find((c) => c.cluster === name)!.connected,
    flagged: health.flags.some((f) => f.flag === "connector_disconnected" && f.subject === name),
    id: cluster.id,
  };
};

/** The same database, seen by another replica (its own id). */
const replica = (replicaId: string): Context => ({ ...core.ctx, replicaId });
const hello = { connectorVersion: "1.0.0", appliedVersion: 0 };

describe("connection leases", () => {
  it("a stream whose replica stops renewing stops counting once the lease runs out", async () => {
    const { id } = await view("east");
    await markConnected(replica("cp-a"), id, hello);
    expect(await view("east")).toMatchObject({ cluster: true, sync: true });
    nowMs += leaseMs - 1000;
    expect((await view("east")).cluster).toBe(true);
    // cp-a was killed: nobody renews.
    nowMs += 2000;
    expect(await view("east")).toMatchObject({ cluster: false, sync: false, flagged: true });
  });

  it("renewals by the holder keep it connected past one lease", async () => {
    const { id } = await view("west");
    await markConnected(replica("cp-b"), id, hello);
    for (let i = 0; i < 5; i++) {
      nowMs += leaseMs / 2;
      await refreshPresence(replica("cp-b"), [id]);
    }
    expect(await view("west")).toMatchObject({ cluster: true, sync: true, flagged: false });
    // Another replica's renewal does not count for a stream it does not hold.
    nowMs += leaseMs / 2;
    await refreshPresence(replica("cp-c"), [id]);
    nowMs += leaseMs / 2 + 1;
    expect((await view("west")).cluster).toBe(false);
  });

  it("a replica restarting under the same id releases what its previous life held, at once", async () => {
    const { id } = await view("east");
    await markConnected(replica("cp-fixed"), id, hello);
    expect((await view("east")).cluster).toBe(true);
    await releaseConnections(replica("cp-fixed"));
    expect((await view("east")).cluster).toBe(false);
  });
});
