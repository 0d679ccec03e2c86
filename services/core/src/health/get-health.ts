import { flagNames, type MeshHealth } from "@trellis/protocol/api";
import { authorize } from "../actor.ts";
import { findMesh } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import { computeFlags } from "./flags.ts";
import { flagPolicy, loadMeshState } from "./load-state.ts";

/** A mesh's health at a glance: proxy and connector counts, flag counts, and every flag with its reason. */
export async function getMeshHealth({ ctx, actor, input }: VerbArgs<{ mesh: string }>): Promise<MeshHealth> {
  authorize(actor, "read");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const state = await loadMeshState(ctx, mesh);
  const now = ctx.clock.now();
  const policy = flagPolicy(ctx);
  const flags = computeFlags(state, policy, now);
  const counts = Object.fromEntries(flagNames.map((f) => [f, 0])) as MeshHealth["counts"];
  for (const f of flags) counts[f.flag] += 1;
  const live = state.proxies.filter((p) => p.health !== "gone");
  return {
    mesh: mesh.name,
    checkedAt: now.toISOString(),
    desiredConfigVersion: state.desiredVersion,
    latestProxyVersion: policy.latestProxyVersion,
    proxies: {
      total: live.length,
      ready: live.filter((p) => p.health === "ready").length,
      notReady: live.filter((p) => p.health === "not_ready").length,
      stale: live.filter((p) => now.getTime() - p.lastSeenAt.getTime() > policy.staleAfterMs).length,
      gone: state.proxies.length - live.length,
    },
    connectors: state.clusters.map((c) => ({
      cluster: c.name,
      connected: c.connected,
      version: c.connectorVersion,
      lastSeenAt: c.lastSeenAt?.toISOString() ?? null,
    })),
    counts,
    healthy: flags.length === 0,
    flags,
  };
}
