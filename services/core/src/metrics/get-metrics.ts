import type { MeshMetrics } from "@trellis/protocol/api";
import { and, eq, inArray, like, or, type SQL } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { findMesh } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import { seriesOf } from "./aggregate.ts";
import { loadRollups } from "./load-rollups.ts";
import { firstTrafficMs, observedSeconds } from "./observed-span.ts";
import { routesOfParent } from "./routes-of-parent.ts";
import { type MetricWindow, windowRange } from "./window.ts";

/**
 * Golden metrics of the traffic a service served (edges whose destination it is, plus the
 * edges routed through the HTTPRoutes/GRPCRoutes whose parent it is), or of the whole mesh: one point per minute (hour for 7d) and window totals.
 */
export async function getMeshMetrics({
  ctx,
  actor,
  input,
}: VerbArgs<{
  mesh: string;
  service?: string | undefined;
  namespace?: string | undefined;
  window: MetricWindow;
}>): Promise<MeshMetrics> {
  authorize(actor, "read");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const nowMs = ctx.clock.now().getTime();
  const range = windowRange(input.window, nowMs);
  const routes = input.service
    ? await routesOfParent(ctx, mesh.id, input.service, input.namespace ?? "default")
    : [];
  const rows = await loadRollups(ctx, mesh.id, range, (r) => {
    const direct = and(
      input.service ? eq(r.destinationService, input.service) : undefined,
      input.namespace ? eq(r.destinationNamespace, input.namespace) : undefined,
    );
    if (routes.length === 0) return direct;
    // Route labels are `<route>` or `<route>/<rule>`.
    const viaRoutes: SQL[] = [inArray(r.route, routes), ...routes.map((name) => like(r.route, `${name}/%`))];
    return or(direct, ...viaRoutes);
  });
  const observed = observedSeconds(range, nowMs, await firstTrafficMs(ctx, mesh.id, range));
  const { series, totals } = seriesOf(rows, range, nowMs, observed);
  return {
    mesh: mesh.name,
    service: input.service ?? null,
    namespace: input.namespace ?? null,
    window: input.window,
    resolutionSeconds: range.resolutionSeconds,
    from: new Date(range.startMs).toISOString(),
    to: new Date(range.endMs).toISOString(),
    observedSeconds: observed,
    series,
    totals,
  };
}
