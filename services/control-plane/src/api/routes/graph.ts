import { getServiceGraph } from "@trellis/core/graph";
import { graphQuerySchema, serviceGraphSchema } from "@trellis/protocol/api";
import { route } from "../route.ts";

export const graphRoutes = [
  route({
    method: "get",
    path: "/v1/meshes/:mesh/graph",
    summary: "The service graph over a window: nodes and edges with RPS, success rate and latency",
    tag: "observability",
    query: graphQuerySchema,
    responses: { 200: { description: "The service graph", schema: serviceGraphSchema } },
    handler: async ({ ctx, actor, requestId, params, query }) => ({
      status: 200,
      body: await getServiceGraph({ ctx, actor, requestId, input: { ...query, mesh: params.mesh! } }),
    }),
  }),
];
