import type { ServiceGraph } from "@trellis/protocol/api";
import { authorize } from "../actor.ts";
import { findMesh } from "../meshes/find.ts";
import { loadRollups } from "../metrics/load-rollups.ts";
import { type MetricWindow, windowRange } from "../metrics/window.ts";
import type { VerbArgs } from "../verb.ts";
import { buildGraph } from "./build-graph.ts";

/** The mesh's service graph over a window: nodes and edges with RPS, success rate, latency. */
export async function getServiceGraph({
  ctx,
  actor,
  input,
}: VerbArgs<{ mesh: string; window: MetricWindow }>): Promise<ServiceGraph> {
  authorize(actor, "read");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const range = windowRange(input.window, ctx.clock.now().getTime());
  const rows = await loadRollups(ctx, mesh.id, range);
  return {
    mesh: mesh.name,
    window: input.window,
    from: new Date(range.startMs).toISOString(),
    to: new Date(range.endMs).toISOString(),
    ...buildGraph(rows, range.seconds),
  };
}
