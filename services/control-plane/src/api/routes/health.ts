import { getMeshHealth } from "@trellis/core/health";
import { meshHealthSchema } from "@trellis/protocol/api";
import { route } from "../route.ts";

export const healthRoutes = [
  route({
    method: "get",
    path: "/v1/meshes/:mesh/health",
    summary: "Drift and health flags of the mesh, with counts per flag and reasons",
    tag: "observability",
    responses: { 200: { description: "The mesh's health", schema: meshHealthSchema } },
    handler: async ({ ctx, actor, requestId, params }) => ({
      status: 200,
      body: await getMeshHealth({ ctx, actor, requestId, input: { mesh: params.mesh! } }),
    }),
  }),
];
