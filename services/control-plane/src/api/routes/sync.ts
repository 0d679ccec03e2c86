import { getMeshSync } from "@trellis/core/sync";
import { meshSyncSchema } from "@trellis/protocol/api";
import { route } from "../route.ts";

export const syncRoutes = [
  route({
    method: "get",
    path: "/v1/meshes/:mesh/sync",
    summary: "Whether each cluster and proxy runs the mesh's desired config version",
    tag: "sync",
    responses: { 200: { description: "Sync status", schema: meshSyncSchema } },
    handler: async ({ ctx, actor, requestId, params }) => ({
      status: 200,
      body: await getMeshSync({ ctx, actor, requestId, input: { mesh: params.mesh! } }),
    }),
  }),
];
