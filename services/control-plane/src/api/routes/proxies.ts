import { listProxies } from "@trellis/core/inventory";
import { listProxiesQuerySchema, pageSchema, proxySchema } from "@trellis/protocol/api";
import { route } from "../route.ts";

export const proxyRoutes = [
  route({
    method: "get",
    path: "/v1/meshes/:mesh/proxies",
    summary: "List the mesh's proxies with health, versions and flags",
    tag: "observability",
    query: listProxiesQuerySchema,
    responses: { 200: { description: "A page of proxies", schema: pageSchema(proxySchema) } },
    handler: async ({ ctx, actor, requestId, params, query }) => ({
      status: 200,
      body: await listProxies({ ctx, actor, requestId, input: { ...query, mesh: params.mesh! } }),
    }),
  }),
];
