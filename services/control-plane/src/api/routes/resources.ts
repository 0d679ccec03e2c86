import { deleteResource, getResource, listResources, putResource } from "@trellis/core/resources";
import { pageQuerySchema, pageSchema } from "@trellis/protocol/api";
import { meshResourceSchema } from "@trellis/protocol/resources";
import { z } from "zod";
import { route } from "../route.ts";

const putBodySchema = z.object({ spec: z.record(z.string(), z.unknown()) });

export const resourceRoutes = [
  route({
    method: "put",
    path: "/v1/meshes/:mesh/resources/:kind/:name",
    summary: "Create or replace a mesh resource (If-Match / If-None-Match supported)",
    tag: "resources",
    body: putBodySchema,
    responses: {
      200: { description: "Replaced (or unchanged)", schema: meshResourceSchema },
      201: { description: "Created", schema: meshResourceSchema },
    },
    handler: async ({ ctx, actor, requestId, params, body, c }) => {
      const result = await putResource({
        ctx,
        actor,
        requestId,
        input: {
          mesh: params.mesh!,
          kind: params.kind!,
          name: params.name!,
          spec: body.spec,
          ifMatch: c.req.header("if-match"),
          ifNoneMatch: c.req.header("if-none-match"),
        },
      });
      return { status: result.created ? 201 : 200, body: result.resource, headers: { etag: result.etag } };
    },
  }),
  route({
    method: "get",
    path: "/v1/meshes/:mesh/resources/:kind/:name",
    summary: "Get a mesh resource",
    tag: "resources",
    responses: { 200: { description: "The resource", schema: meshResourceSchema } },
    handler: async ({ ctx, actor, requestId, params }) => {
      const { resource, etag } = await getResource({
        ctx,
        actor,
        requestId,
        input: { mesh: params.mesh!, kind: params.kind!, name: params.name! },
      });
      return { status: 200, body: resource, headers: { etag } };
    },
  }),
  route({
    method: "delete",
    path: "/v1/meshes/:mesh/resources/:kind/:name",
    summary: "Delete a mesh resource",
    tag: "resources",
    responses: { 204: { description: "Deleted" } },
    handler: async ({ ctx, actor, requestId, params, c }) => {
      await deleteResource({
        ctx,
        actor,
        requestId,
        input: {
          mesh: params.mesh!,
          kind: params.kind!,
          name: params.name!,
          ifMatch: c.req.header("if-match"),
        },
      });
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/v1/meshes/:mesh/resources/:kind",
    summary: "List the mesh resources of one kind",
    tag: "resources",
    query: pageQuerySchema,
    responses: { 200: { description: "A page of resources", schema: pageSchema(meshResourceSchema) } },
    handler: async ({ ctx, actor, requestId, params, query }) => ({
      status: 200,
      body: await listResources({
        ctx,
        actor,
        requestId,
        input: { ...query, mesh: params.mesh!, kind: params.kind! },
      }),
    }),
  }),
  route({
    method: "get",
    path: "/v1/meshes/:mesh/resources",
    summary: "List all mesh resources",
    tag: "resources",
    query: pageQuerySchema,
    responses: { 200: { description: "A page of resources", schema: pageSchema(meshResourceSchema) } },
    handler: async ({ ctx, actor, requestId, params, query }) => ({
      status: 200,
      body: await listResources({ ctx, actor, requestId, input: { ...query, mesh: params.mesh! } }),
    }),
  }),
];
