import { listServices } from "@trellis/core/services";
import { discoveredServiceSchema, pageQuerySchema, pageSchema } from "@trellis/protocol/api";
import { route } from "../route.ts";

export const serviceRoutes = [
  route({
    method: "get",
    path: "/v1/meshes/:mesh/services",
    summary: "List the services discovered in the mesh's clusters",
    tag: "services",
    query: pageQuerySchema,
    responses: { 200: { description: "A page of services", schema: pageSchema(discoveredServiceSchema) } },
    handler: async ({ ctx, actor, requestId, params, query }) => ({
      status: 200,
      body: await listServices({ ctx, actor, requestId, input: { ...query, mesh: params.mesh! } }),
    }),
  }),
];
