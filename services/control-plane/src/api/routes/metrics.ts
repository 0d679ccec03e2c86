import { getMeshMetrics } from "@trellis/core/metrics";
import { meshMetricsSchema, metricsQuerySchema } from "@trellis/protocol/api";
import { route } from "../route.ts";

export const metricRoutes = [
  route({
    method: "get",
    path: "/v1/meshes/:mesh/metrics",
    summary: "Golden metrics (RPS, success rate, p50/p95/p99) of a service or the mesh over a window",
    tag: "observability",
    query: metricsQuerySchema,
    responses: { 200: { description: "Time series and totals", schema: meshMetricsSchema } },
    handler: async ({ ctx, actor, requestId, params, query }) => ({
      status: 200,
      body: await getMeshMetrics({ ctx, actor, requestId, input: { ...query, mesh: params.mesh! } }),
    }),
  }),
];
