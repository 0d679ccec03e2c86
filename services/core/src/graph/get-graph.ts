import type { ServiceGraph } from "@trellis/protocol/api";
import { authorize } from "../actor.ts";
import { findMesh } from "../meshes/find.ts";
import { loadRollups } from "../metrics/load-rollups.ts";
import { firstTrafficMs, observedSeconds } from "../metrics/observed-span.ts";
import { type MetricWindow, windowRange } from "../metrics/window.ts";
import type { VerbArgs } from "../verb.ts";
import { buildGraph } from "./build-graph.ts";
import { loadRouteSplits } from "./route-splits.ts";

/**
 * The mesh's service graph over a window: nodes and edges with RPS (over the observed part of
 * the window), success rate and latency, routed traffic drawn through its route's parent.
 */
export async function getServiceGraph({
  ctx,
  actor,
  input,
}: VerbArgs<{ mesh: string; window: MetricWindow }>): Promise<ServiceGraph> {
  authorize(actor, "read");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const nowMs = ctx.clock.now().getTime();
  const range = windowRange(input.window, nowMs);
  const rows = await loadRollups(ctx, mesh.id, range);
  const observed = observedSeconds(range, nowMs, await firstTrafficMs(ctx, mesh.id, range));
  return {
    mesh: mesh.name,
    window: input.window,
    from: new Date(range.startMs).toISOString(),
    to: new Date(range.endMs).toISOString(),
    observedSeconds: observed,
    ...buildGraph(rows, observed, await loadRouteSplits(ctx, mesh.id)),
  };
}
